/* Checkpoints: named tensors in the FlatBuffers format of
 * schema/checkpoint.fbs, written and read by hand (the runtime is C99 and
 * has no FlatBuffers library). The reader trusts nothing: every offset and
 * size is checked against the file before it is used. */

/* fsync, open, getpid, kill and opendir for the atomic save. */
#define _POSIX_C_SOURCE 200809L

#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CKPT_VERSION 1u
#define CKPT_IDENTIFIER "TFCK"

struct tfcc_checkpoint_s {
  int64_t n;
  char **names;
  tfcc_tensor **tensors;
};

/* ------------------------------------------------------------------------ */
/* CRC-32 (IEEE, reflected, as zlib's crc32)                                */
/* ------------------------------------------------------------------------ */

typedef struct crc32_state {
  uint32_t table[256];
  uint32_t crc;
} crc32_state;

static void crc32_init(crc32_state *c) {
  uint32_t i, k;
  for (i = 0; i < 256; ++i) {
    uint32_t r = i;
    for (k = 0; k < 8; ++k)
      r = (r & 1) ? 0xEDB88320u ^ (r >> 1) : r >> 1;
    c->table[i] = r;
  }
  c->crc = 0xFFFFFFFFu;
}

static void crc32_update(crc32_state *c, const void *data, size_t n) {
  const unsigned char *p = (const unsigned char *)data;
  uint32_t crc = c->crc;
  size_t i;
  for (i = 0; i < n; ++i)
    crc = c->table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  c->crc = crc;
}

static void put_le(unsigned char *p, uint64_t v, int bytes) {
  int i;
  for (i = 0; i < bytes; ++i)
    p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes) {
  uint64_t v = 0;
  int i;
  for (i = bytes - 1; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

/* The checksum's definition is in schema/checkpoint.fbs. */
static void crc32_entry(crc32_state *c, const char *name, tfcc_dtype dtype,
                        int64_t rank, const int64_t *dims, const void *data,
                        size_t bytes) {
  unsigned char word[8];
  int64_t d;
  crc32_update(c, name, strlen(name) + 1);
  put_le(word, (uint32_t)dtype, 4);
  crc32_update(c, word, 4);
  put_le(word, (uint32_t)rank, 4);
  crc32_update(c, word, 4);
  for (d = 0; d < rank; ++d) {
    put_le(word, (uint64_t)dims[d], 8);
    crc32_update(c, word, 8);
  }
  crc32_update(c, data, bytes);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */
/* ------------------------------------------------------------------------ */

static size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

/* Position where a vector's length prefix goes so that its elements start
 * at a multiple of `elem_align`. */
static size_t vector_start(size_t pos, size_t elem_align) {
  return align_up(pos + 4, elem_align) - 4;
}

/* Layout (all uoffsets point forward, as FlatBuffers requires):
 *   root uoffset, "TFCK", Checkpoint vtable, Checkpoint table, entries
 *   vector, then per entry: vtable, table, name, dims, data. */
#define ROOT_VTABLE 8
#define ROOT_TABLE 20
#define ENTRIES_VECTOR 36
#define ENTRY_VTABLE_SIZE 12
#define ENTRY_TABLE_SIZE 20

static tfcc_status serialize(int64_t n, const char *const *names,
                             const tfcc_tensor *const *tensors,
                             unsigned char **out, size_t *out_size) {
  size_t pos, size, i;
  unsigned char *buf;
  crc32_state crc;

  /* Pass 1: sizes. */
  pos = ENTRIES_VECTOR + 4 + 4 * (size_t)n;
  for (i = 0; i < (size_t)n; ++i) {
    size_t bytes;
    tfcc_tensor_byte_size(tensors[i], &bytes);
    pos = align_up(pos, 4) + ENTRY_VTABLE_SIZE + ENTRY_TABLE_SIZE;
    pos = align_up(pos + 4 + strlen(names[i]) + 1, 4);
    pos = vector_start(pos, 8) + 4 + 8 * (size_t)tensors[i]->rank;
    pos = vector_start(pos, 16) + 4 + bytes;
  }
  size = align_up(pos, 4);
  buf = (unsigned char *)calloc(size, 1);
  if (buf == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "checkpoint: cannot allocate %zu bytes", size);

  /* Pass 2: contents. */
  put_le(buf, ROOT_TABLE, 4);
  memcpy(buf + 4, CKPT_IDENTIFIER, 4);
  put_le(buf + ROOT_VTABLE, 10, 2);    /* vtable size: 3 fields */
  put_le(buf + ROOT_VTABLE + 2, 16, 2); /* table size */
  put_le(buf + ROOT_VTABLE + 4, 4, 2);  /* version */
  put_le(buf + ROOT_VTABLE + 6, 8, 2);  /* entries */
  put_le(buf + ROOT_VTABLE + 8, 12, 2); /* crc32 */
  put_le(buf + ROOT_TABLE, ROOT_TABLE - ROOT_VTABLE, 4);
  put_le(buf + ROOT_TABLE + 4, CKPT_VERSION, 4);
  put_le(buf + ROOT_TABLE + 8, ENTRIES_VECTOR - (ROOT_TABLE + 8), 4);
  put_le(buf + ENTRIES_VECTOR, (uint64_t)n, 4);

  crc32_init(&crc);
  pos = ENTRIES_VECTOR + 4 + 4 * (size_t)n;
  for (i = 0; i < (size_t)n; ++i) {
    const tfcc_tensor *t = tensors[i];
    size_t vt, tbl, name_pos, dims_pos, data_pos, len = strlen(names[i]);
    size_t bytes, slot = ENTRIES_VECTOR + 4 + 4 * i;
    int64_t d;
    tfcc_tensor_byte_size(t, &bytes);
    vt = align_up(pos, 4);
    tbl = vt + ENTRY_VTABLE_SIZE;
    name_pos = tbl + ENTRY_TABLE_SIZE;
    dims_pos = vector_start(align_up(name_pos + 4 + len + 1, 4), 8);
    data_pos = vector_start(dims_pos + 4 + 8 * (size_t)t->rank, 16);
    pos = data_pos + 4 + bytes;

    put_le(buf + slot, tbl - slot, 4);
    put_le(buf + vt, ENTRY_VTABLE_SIZE, 2);
    put_le(buf + vt + 2, ENTRY_TABLE_SIZE, 2);
    put_le(buf + vt + 4, 4, 2);  /* name */
    put_le(buf + vt + 6, 8, 2);  /* dtype */
    put_le(buf + vt + 8, 12, 2); /* dims */
    put_le(buf + vt + 10, 16, 2); /* data */
    put_le(buf + tbl, ENTRY_VTABLE_SIZE, 4);
    put_le(buf + tbl + 4, name_pos - (tbl + 4), 4);
    put_le(buf + tbl + 8, (uint32_t)t->dtype, 4);
    put_le(buf + tbl + 12, dims_pos - (tbl + 12), 4);
    put_le(buf + tbl + 16, data_pos - (tbl + 16), 4);
    put_le(buf + name_pos, len, 4);
    memcpy(buf + name_pos + 4, names[i], len);
    put_le(buf + dims_pos, (uint64_t)t->rank, 4);
    for (d = 0; d < t->rank; ++d)
      put_le(buf + dims_pos + 4 + 8 * (size_t)d, (uint64_t)t->dims[d], 8);
    put_le(buf + data_pos, bytes, 4);
    if (bytes > 0)
      memcpy(buf + data_pos + 4, t->data, bytes);
    crc32_entry(&crc, names[i], t->dtype, t->rank, t->dims, t->data, bytes);
  }
  put_le(buf + ROOT_TABLE + 12, crc.crc ^ 0xFFFFFFFFu, 4);
  *out = buf;
  *out_size = size;
  return NULL;
}

/* Removes the temporary files that saves of `path` by processes no longer
 * running left behind (a save killed mid-write): "<path>.tmp-<pid>-<n>"
 * whose pid is gone. A live process's (a save in progress) stays. */
static void remove_stale_temporaries(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
  size_t base_len = strlen(base);
  char *dir = (char *)malloc(dir_len + 2);
  DIR *d;
  struct dirent *e;
  if (dir == NULL)
    return;
  if (slash != NULL) {
    memcpy(dir, path, dir_len);
    dir[dir_len] = '\0';
  } else {
    strcpy(dir, ".");
  }
  d = opendir(dir);
  while (d != NULL && (e = readdir(d)) != NULL) {
    const char *name = e->d_name, *at;
    char *end, *full;
    unsigned long pid;
    if (strncmp(name, base, base_len) != 0 ||
        strncmp(name + base_len, ".tmp-", 5) != 0)
      continue;
    at = name + base_len + 5;
    pid = strtoul(at, &end, 10);
    if (end == at || *end != '-' || pid == (unsigned long)getpid() ||
        kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    full = (char *)malloc(dir_len + strlen(name) + 1);
    if (full == NULL)
      break;
    memcpy(full, path, dir_len);
    strcpy(full + dir_len, name);
    unlink(full);
    free(full);
  }
  if (d != NULL)
    closedir(d);
  free(dir);
}

/* Writes `buf` to a temporary file next to `path`, fsyncs it, renames it
 * over `path` and fsyncs the directory: a crash leaves either the old file
 * or the new one, never a partial one. */
static tfcc_status write_atomically(const char *path, const unsigned char *buf,
                                    size_t size) {
  /* Room for ".tmp-<pid>-<n>": two unsigned longs in decimal. */
  size_t len = strlen(path), off = 0, room = len + 64;
  char *tmp = (char *)malloc(room);
  const char *slash;
  static unsigned long counter;
  int fd = -1, attempt, ok;
  if (tmp == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "checkpoint '%s': out of memory", path);
  /* Not mkstemp: its file is private (0600), while a checkpoint should get
   * the permissions any new file gets under the process's umask. O_EXCL
   * makes the name ours; a clash (another thread, a stale file) retries. */
  for (attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    snprintf(tmp, room, "%s.tmp-%lu-%lu", path, (unsigned long)getpid(),
             counter++);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0) {
    tfcc_status s = tfcc_status_make(
        TFCC_FAILED_PRECONDITION, "checkpoint '%s': cannot create a temporary "
                                  "file: %s",
        path, strerror(errno));
    free(tmp);
    return s;
  }
  while (off < size) {
    ssize_t w = write(fd, buf + off, size - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  ok = off == size && fsync(fd) == 0;
  if (close(fd) != 0)
    ok = 0;
  if (!ok) {
    tfcc_status s = tfcc_status_make(TFCC_FAILED_PRECONDITION,
                                     "checkpoint '%s': write failed: %s", path,
                                     strerror(errno));
    unlink(tmp);
    free(tmp);
    return s;
  }
  if (rename(tmp, path) != 0) {
    tfcc_status s = tfcc_status_make(TFCC_FAILED_PRECONDITION,
                                     "checkpoint '%s': cannot rename the "
                                     "temporary file into place: %s",
                                     path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return s;
  }
  /* The rename itself must reach the disk too. */
  slash = strrchr(path, '/');
  if (slash == NULL) {
    fd = open(".", O_RDONLY);
  } else {
    memcpy(tmp, path, (size_t)(slash - path) + 1);
    tmp[(slash - path) + 1] = '\0';
    fd = open(tmp, O_RDONLY);
  }
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(tmp);
  remove_stale_temporaries(path);
  return NULL;
}

tfcc_status tfcc_checkpoint_save(const char *path, int64_t n,
                                 const char *const *names,
                                 const tfcc_tensor *const *tensors) {
  static const char func[] = "tfcc_checkpoint_save";
  unsigned char *buf = NULL;
  size_t size = 0;
  int64_t i, j;
  tfcc_status s;
  if (path == NULL)
    return tfcc_null_arg(func, "path");
  if (n < 0 || n > INT32_MAX)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "checkpoint '%s': invalid entry count %lld", path,
                            (long long)n);
  if (n > 0 && (names == NULL || tensors == NULL))
    return tfcc_null_arg(func, names == NULL ? "names" : "tensors");
  for (i = 0; i < n; ++i) {
    const tfcc_tensor *t = tensors[i];
    int64_t count;
    size_t bytes;
    if (names[i] == NULL || names[i][0] == '\0')
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "checkpoint '%s': entry %lld has no name", path,
                              (long long)i);
    for (j = 0; j < i; ++j)
      if (strcmp(names[i], names[j]) == 0)
        return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                                "checkpoint '%s': the name '%s' is used twice",
                                path, names[i]);
    if (t == NULL)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "checkpoint '%s': entry '%s' has no tensor",
                              path, names[i]);
    if ((s = tfcc_tensor_num_elements(t, &count)) != NULL ||
        (s = tfcc_tensor_byte_size(t, &bytes)) != NULL)
      return s;
    if (bytes > UINT32_MAX)
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "checkpoint '%s': entry '%s' is larger than "
                              "4 GiB",
                              path, names[i]);
    if (!tfcc_is_row_major(t->rank, t->dims, t->strides))
      return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                              "checkpoint '%s': entry '%s' is not row-major "
                              "contiguous",
                              path, names[i]);
  }
  if ((s = serialize(n, names, tensors, &buf, &size)) != NULL)
    return s;
  if (size > UINT32_MAX) {
    free(buf);
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "checkpoint '%s': larger than 4 GiB", path);
  }
  s = write_atomically(path, buf, size);
  free(buf);
  return s;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct reader {
  const unsigned char *buf;
  size_t size;
  const char *path;
} reader;

static tfcc_status corrupt(const reader *r, const char *what) {
  return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                          "checkpoint '%s' is corrupted or truncated: %s",
                          r->path, what);
}

static int in_bounds(const reader *r, size_t pos, size_t len) {
  return pos <= r->size && len <= r->size - pos;
}

/* A table at `pos`: its vtable, validated. */
typedef struct table {
  size_t pos, vt;
  unsigned vt_size, tbl_size;
} table;

static tfcc_status read_table(const reader *r, size_t pos, table *t,
                              const char *what) {
  int64_t soff, vt;
  if (pos % 4 != 0 || !in_bounds(r, pos, 4))
    return corrupt(r, what);
  soff = (int32_t)(uint32_t)get_le(r->buf + pos, 4);
  vt = (int64_t)pos - soff;
  if (vt < 0 || vt % 2 != 0 || !in_bounds(r, (size_t)vt, 4))
    return corrupt(r, what);
  t->pos = pos;
  t->vt = (size_t)vt;
  t->vt_size = (unsigned)get_le(r->buf + vt, 2);
  t->tbl_size = (unsigned)get_le(r->buf + vt + 2, 2);
  if (t->vt_size < 4 || t->vt_size % 2 != 0 ||
      !in_bounds(r, t->vt, t->vt_size) || t->tbl_size < 4 ||
      !in_bounds(r, pos, t->tbl_size))
    return corrupt(r, what);
  return NULL;
}

/* Position of field `id` of `size` bytes, or 0 when the field is absent;
 * SIZE_MAX when it does not fit in its table. */
static size_t field(const reader *r, const table *t, unsigned id,
                    size_t size) {
  unsigned voff = 4 + 2 * id, off;
  if (voff + 2 > t->vt_size)
    return 0;
  off = (unsigned)get_le(r->buf + t->vt + voff, 2);
  if (off == 0)
    return 0;
  if (off < 4 || off + size > t->tbl_size)
    return SIZE_MAX;
  return t->pos + off;
}

/* Follows the uoffset at `pos` to a vector (or string) of `elem` byte
 * elements aligned to `align`; sets its element position and length. */
static tfcc_status read_vector(const reader *r, size_t pos, size_t elem,
                               size_t align, size_t *data, size_t *len,
                               const char *what) {
  size_t target;
  uint64_t n;
  if (!in_bounds(r, pos, 4))
    return corrupt(r, what);
  target = pos + (size_t)get_le(r->buf + pos, 4);
  if (target < pos || target % 4 != 0 || !in_bounds(r, target, 4))
    return corrupt(r, what);
  n = get_le(r->buf + target, 4);
  if ((target + 4) % align != 0 || n > (r->size - target - 4) / elem)
    return corrupt(r, what);
  *data = target + 4;
  *len = (size_t)n;
  return NULL;
}

static tfcc_status read_entry(const reader *r, size_t pos, int64_t i,
                              char **name_out, tfcc_tensor **tensor_out,
                              crc32_state *crc) {
  char what[96];
  table t;
  size_t f, name, name_len, dims, rank, data, bytes, expect_bytes;
  int64_t dimv[TFCC_MAX_RANK], k;
  int32_t dtype;
  tfcc_status s;

  snprintf(what, sizeof(what), "entry %lld is malformed", (long long)i);
  if ((s = read_table(r, pos, &t, what)) != NULL)
    return s;
  /* name (required) */
  f = field(r, &t, 0, 4);
  if (f == 0 || f == SIZE_MAX)
    return corrupt(r, what);
  if ((s = read_vector(r, f, 1, 1, &name, &name_len, what)) != NULL)
    return s;
  if (name_len == 0 || !in_bounds(r, name, name_len + 1) ||
      r->buf[name + name_len] != '\0' ||
      memchr(r->buf + name, '\0', name_len) != NULL)
    return corrupt(r, what);
  /* dtype */
  f = field(r, &t, 1, 4);
  if (f == SIZE_MAX)
    return corrupt(r, what);
  dtype = f == 0 ? 0 : (int32_t)(uint32_t)get_le(r->buf + f, 4);
  if (tfcc_dtype_size((tfcc_dtype)dtype) == 0) {
    snprintf(what, sizeof(what), "entry %lld has unknown dtype %d",
             (long long)i, (int)dtype);
    return corrupt(r, what);
  }
  /* dims */
  f = field(r, &t, 2, 4);
  if (f == SIZE_MAX)
    return corrupt(r, what);
  rank = 0;
  if (f != 0 && (s = read_vector(r, f, 8, 8, &dims, &rank, what)) != NULL)
    return s;
  if (rank > TFCC_MAX_RANK)
    return corrupt(r, what);
  for (k = 0; k < (int64_t)rank; ++k) {
    dimv[k] = (int64_t)get_le(r->buf + dims + 8 * (size_t)k, 8);
    if (dimv[k] < 0)
      return corrupt(r, what);
  }
  /* data */
  f = field(r, &t, 3, 4);
  if (f == SIZE_MAX)
    return corrupt(r, what);
  bytes = 0;
  data = 0;
  if (f != 0 && (s = read_vector(r, f, 1, 1, &data, &bytes, what)) != NULL)
    return s;
  s = tfcc_shape_sizes("checkpoint entry", (tfcc_dtype)dtype, (int64_t)rank,
                       dimv, NULL, &expect_bytes);
  if (s != NULL) {
    tfcc_status_free(s);
    return corrupt(r, what);
  }
  if (bytes != expect_bytes) {
    snprintf(what, sizeof(what),
             "entry %lld holds %zu data bytes, its shape needs %zu",
             (long long)i, bytes, expect_bytes);
    return corrupt(r, what);
  }

  *name_out = (char *)malloc(name_len + 1);
  if (*name_out == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "checkpoint '%s': out of memory", r->path);
  memcpy(*name_out, r->buf + name, name_len + 1);
  if ((s = tfcc_tensor_create((tfcc_dtype)dtype, (int64_t)rank, dimv,
                              tensor_out)) != NULL)
    return s;
  if (bytes > 0)
    memcpy((*tensor_out)->data, r->buf + data, bytes);
  crc32_entry(crc, *name_out, (tfcc_dtype)dtype, (int64_t)rank, dimv,
              r->buf + data, bytes);
  return NULL;
}

static tfcc_status parse(const reader *r, tfcc_checkpoint *c) {
  table root;
  size_t f, entries, n, i;
  uint32_t version, stored_crc;
  crc32_state crc;
  tfcc_status s;
  int64_t j;

  if (r->size < 8 || memcmp(r->buf + 4, CKPT_IDENTIFIER, 4) != 0)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "checkpoint '%s' is not a tfcc checkpoint file "
                            "(no 'TFCK' identifier)",
                            r->path);
  if ((s = read_table(r, (size_t)get_le(r->buf, 4), &root,
                      "the root table is malformed")) != NULL)
    return s;
  f = field(r, &root, 0, 4);
  if (f == SIZE_MAX)
    return corrupt(r, "the root table is malformed");
  version = f == 0 ? 0 : (uint32_t)get_le(r->buf + f, 4);
  if (version != CKPT_VERSION)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "checkpoint '%s' has format version %u; this "
                            "runtime reads version %u",
                            r->path, (unsigned)version, CKPT_VERSION);
  f = field(r, &root, 2, 4);
  if (f == 0 || f == SIZE_MAX)
    return corrupt(r, "the checksum is missing");
  stored_crc = (uint32_t)get_le(r->buf + f, 4);
  f = field(r, &root, 1, 4);
  if (f == SIZE_MAX)
    return corrupt(r, "the root table is malformed");
  n = 0;
  if (f != 0 && (s = read_vector(r, f, 4, 4, &entries, &n,
                                 "the entry list is malformed")) != NULL)
    return s;
  c->names = (char **)calloc(n ? n : 1, sizeof(char *));
  c->tensors = (tfcc_tensor **)calloc(n ? n : 1, sizeof(tfcc_tensor *));
  if (c->names == NULL || c->tensors == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "checkpoint '%s': out of memory", r->path);
  crc32_init(&crc);
  for (i = 0; i < n; ++i) {
    size_t slot = entries + 4 * i;
    size_t pos = slot + (size_t)get_le(r->buf + slot, 4);
    char what[64];
    snprintf(what, sizeof(what), "entry %zu is out of bounds", i);
    if (pos < slot)
      return corrupt(r, what);
    c->n = (int64_t)i + 1;
    if ((s = read_entry(r, pos, (int64_t)i, &c->names[i], &c->tensors[i],
                        &crc)) != NULL)
      return s;
    c->tensors[i]->refs = -1; /* the checkpoint's: destroy leaves it */
    for (j = 0; j < (int64_t)i; ++j)
      if (strcmp(c->names[j], c->names[i]) == 0)
        return corrupt(r, "an entry name is used twice");
  }
  if ((crc.crc ^ 0xFFFFFFFFu) != stored_crc)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "checkpoint '%s' is corrupted: checksum mismatch "
                            "(stored %08x, computed %08x)",
                            r->path, (unsigned)stored_crc,
                            (unsigned)(crc.crc ^ 0xFFFFFFFFu));
  return NULL;
}

static tfcc_status read_file(const char *path, unsigned char **out,
                             size_t *out_size) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t size = 0, cap = 0;
  if (f == NULL)
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "cannot open checkpoint '%s': %s", path,
                            strerror(errno));
  for (;;) {
    size_t got;
    if (size == cap) {
      unsigned char *grown;
      cap = cap ? cap * 2 : 65536;
      grown = (unsigned char *)realloc(buf, cap);
      if (grown == NULL) {
        free(buf);
        fclose(f);
        return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                                "checkpoint '%s': out of memory", path);
      }
      buf = grown;
    }
    got = fread(buf + size, 1, cap - size, f);
    size += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    free(buf);
    fclose(f);
    return tfcc_status_make(TFCC_INVALID_ARGUMENT,
                            "cannot read checkpoint '%s'", path);
  }
  fclose(f);
  *out = buf;
  *out_size = size;
  return NULL;
}

tfcc_status tfcc_checkpoint_parse(const unsigned char *buf, size_t size,
                                  const char *path, tfcc_checkpoint **out) {
  reader r;
  tfcc_checkpoint *c;
  tfcc_status s;
  *out = NULL;
  r.buf = buf;
  r.size = size;
  r.path = path;
  c = (tfcc_checkpoint *)calloc(1, sizeof(*c));
  if (c == NULL)
    return tfcc_status_make(TFCC_RESOURCE_EXHAUSTED,
                            "checkpoint '%s': out of memory", path);
  if ((s = parse(&r, c)) != NULL) {
    tfcc_checkpoint_free(c);
    return s;
  }
  *out = c;
  return NULL;
}

tfcc_status tfcc_checkpoint_load(const char *path, tfcc_checkpoint **out) {
  static const char func[] = "tfcc_checkpoint_load";
  unsigned char *buf;
  size_t size;
  tfcc_status s;
  if (out == NULL)
    return tfcc_null_arg(func, "out");
  *out = NULL;
  if (path == NULL)
    return tfcc_null_arg(func, "path");
  if ((s = read_file(path, &buf, &size)) != NULL)
    return s;
  s = tfcc_checkpoint_parse(buf, size, path, out);
  free(buf);
  return s;
}

tfcc_status tfcc_checkpoint_num_entries(const tfcc_checkpoint *c,
                                        int64_t *out) {
  if (c == NULL)
    return tfcc_null_arg("tfcc_checkpoint_num_entries", "c");
  if (out == NULL)
    return tfcc_null_arg("tfcc_checkpoint_num_entries", "out");
  *out = c->n;
  return NULL;
}

tfcc_status tfcc_checkpoint_entry(const tfcc_checkpoint *c, int64_t i,
                                  const char **name,
                                  const tfcc_tensor **tensor) {
  if (c == NULL)
    return tfcc_null_arg("tfcc_checkpoint_entry", "c");
  if (i < 0 || i >= c->n)
    return tfcc_status_make(TFCC_OUT_OF_RANGE,
                            "checkpoint entry %lld out of range (%lld "
                            "entries)",
                            (long long)i, (long long)c->n);
  if (name != NULL)
    *name = c->names[i];
  if (tensor != NULL)
    *tensor = c->tensors[i];
  return NULL;
}

void tfcc_checkpoint_free(tfcc_checkpoint *c) {
  int64_t i;
  if (c == NULL)
    return;
  for (i = 0; i < c->n; ++i) {
    if (c->names != NULL)
      free(c->names[i]);
    if (c->tensors != NULL)
      tfcc_tensor_free(c->tensors[i]);
  }
  free(c->names);
  free(c->tensors);
  free(c);
}
