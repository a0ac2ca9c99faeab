# tfcc_add_model: compile a model with tfcc at build time into a library target.
#
#   tfcc_add_model(<target> MODEL <file> [ENTRY <name>] [SHARED]
#                  [TARGET <triple>] [MCPU <cpu>] [OPT_LEVEL <0-3>]
#                  [FEEDS <name>...] [FETCHES <name>...]
#                  [RUNTIME_LIB <libtfcc_runtime.a>] [FLAGS <arg>...])
#
# <target> is a global IMPORTED library (STATIC, or SHARED with SHARED) whose
# IMPORTED_LOCATION is the library tfcc writes at build time: linking it
# brings the generated header's directory, the library and libm, and
# install(IMPORTED_RUNTIME_ARTIFACTS <target>) installs a shared one. The
# static library already holds the runtime's objects (tfcc copies them in)
# and the shared one links them in, so the runtime is deliberately not linked
# a second time. The header's path is the target's TFCC_HEADER property.
#
# Needs the targets tfcc::tfcc (the compiler) and tfcc::runtime (the static
# runtime, passed to tfcc explicitly unless RUNTIME_LIB names another one, such
# as a runtime built for the TARGET machine): tfccConfig.cmake imports them,
# and tfcc's own tree defines them as aliases.

function(tfcc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "SHARED"
    "MODEL;ENTRY;TARGET;MCPU;OPT_LEVEL;RUNTIME_LIB" "FEEDS;FETCHES;FLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "tfcc_add_model: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "tfcc_add_model(${target}): MODEL is required")
  endif()
  if(NOT TARGET tfcc::tfcc)
    message(FATAL_ERROR "tfcc_add_model(${target}): there is no tfcc compiler "
      "(tfcc::tfcc); this tfcc package has only the runtime "
      "(it was built with TFCC_RUNTIME_ONLY)")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(ARG_RUNTIME_LIB)
    get_filename_component(runtime "${ARG_RUNTIME_LIB}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  else()
    set(runtime "$<TARGET_FILE:tfcc::runtime>")
  endif()

  # tfcc names the header after the entry, which without ENTRY is only known
  # once the model is read (the only public function, or the file's stem).
  # Then the header is written a second time under the target's name, so its
  # path is known at configure time.
  if(ARG_ENTRY)
    set(entry "${ARG_ENTRY}")
  else()
    set(entry "${target}")
  endif()

  # One directory per target: two models never overwrite each other's files.
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  if(ARG_SHARED)
    set(library "${out_dir}/lib${entry}.so")
  else()
    set(library "${out_dir}/lib${entry}.a")
  endif()
  set(header "${out_dir}/${entry}.h")

  set(args "${model}" --runtime-lib "${runtime}")
  if(ARG_ENTRY)
    list(APPEND args --entry "${ARG_ENTRY}")
  endif()
  if(ARG_TARGET)
    list(APPEND args --mtriple "${ARG_TARGET}")
  endif()
  if(ARG_MCPU)
    list(APPEND args --mcpu "${ARG_MCPU}")
  endif()
  if(DEFINED ARG_OPT_LEVEL)
    list(APPEND args "-O${ARG_OPT_LEVEL}")
  endif()
  if(ARG_FEEDS)
    list(JOIN ARG_FEEDS "," feeds)
    list(APPEND args --feeds "${feeds}")
  endif()
  if(ARG_FETCHES)
    list(JOIN ARG_FETCHES "," fetches)
    list(APPEND args --fetches "${fetches}")
  endif()
  list(APPEND args ${ARG_FLAGS})
  set(header_command)
  if(NOT ARG_ENTRY)
    set(header_command COMMAND tfcc::tfcc ${args} --emit=header -o "${header}")
  endif()

  add_custom_command(
    OUTPUT "${library}" "${header}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    COMMAND tfcc::tfcc ${args} -o "${library}"
    ${header_command}
    DEPENDS "${model}" tfcc::tfcc "$<TARGET_FILE:tfcc::tfcc>" "${runtime}"
    COMMENT "Compiling model ${ARG_MODEL} with tfcc"
    VERBATIM)
  add_custom_target(${target}_tfcc DEPENDS "${library}" "${header}")

  # An imported library rather than an INTERFACE one carrying a path: CMake
  # then links a shared model by name (it has no SONAME, and a path on the
  # link line would be recorded as the dependency itself), gives executables
  # in the build tree a RUNPATH to it and drops that on install, as for any
  # other shared library.
  if(ARG_SHARED)
    add_library(${target} SHARED IMPORTED GLOBAL)
    set_target_properties(${target} PROPERTIES IMPORTED_NO_SONAME TRUE)
  else()
    add_library(${target} STATIC IMPORTED GLOBAL)
  endif()
  # Imported include directories must exist when the project is generated.
  file(MAKE_DIRECTORY "${out_dir}")
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${library}"
    INTERFACE_INCLUDE_DIRECTORIES "${out_dir}"
    INTERFACE_LINK_LIBRARIES m
    TFCC_HEADER "${header}")
  add_dependencies(${target} ${target}_tfcc)
endfunction()
