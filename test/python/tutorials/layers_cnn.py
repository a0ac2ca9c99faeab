"""A tf.layers CNN with batch normalization, as TensorFlow 1.x's layers
guide and tutorials write it (conv2d, batch_normalization with a training
flag and UPDATE_OPS, max_pooling2d, flatten, dense, dropout, Adam), with
`import tfcc as tf`."""

import tfcc as tf


def build():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    training = tf.placeholder_with_default(False, shape=(), name="training")

    conv1 = tf.layers.conv2d(x, filters=16, kernel_size=5, padding="same",
                             use_bias=False)
    bn1 = tf.layers.batch_normalization(conv1, training=training)
    pool1 = tf.layers.max_pooling2d(tf.nn.relu(bn1), pool_size=2, strides=2)
    conv2 = tf.layers.conv2d(pool1, filters=32, kernel_size=3,
                             padding="same", activation=tf.nn.relu)
    pool2 = tf.layers.max_pooling2d(conv2, pool_size=2, strides=2)
    flat = tf.layers.flatten(pool2)
    dense = tf.layers.dense(flat, units=64, activation=tf.nn.relu)
    dropout = tf.layers.dropout(dense, rate=0.4, training=training)
    logits = tf.layers.dense(dropout, units=10)

    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = tf.train.AdamOptimizer(1e-3).minimize(
            loss, global_step=tf.train.get_or_create_global_step())
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y),
                                      tf.float32))
    return x, y, training, train_op, loss, accuracy


def main(data, steps=120, log=print):
    """data.next_batch(n) -> (images [n, 28, 28, 1], labels [n]);
    data.test_images, data.test_labels. Returns the test accuracy (the
    moving averages normalize) and the global step."""
    x, y, training, train_op, loss, accuracy = build()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps):
            images, labels = data.next_batch(32)
            _, value = sess.run([train_op, loss],
                                {x: images, y: labels, training: True})
            if i % 50 == 0:
                log("step %d, loss %g" % (i, value))
        acc = sess.run(accuracy, {x: data.test_images, y: data.test_labels})
        log("test accuracy %g" % acc)
        step = sess.run(tf.train.get_global_step())
    return acc, step
