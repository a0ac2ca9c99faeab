"""TensorFlow 1.x's "Deep MNIST for Experts" tutorial, as it was written
(conv, max-pool, dropout with a fed keep_prob, Adam), with `import tfcc as
tf` and a `data` argument in place of the MNIST download."""

import tfcc as tf


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1],
                          strides=[1, 2, 2, 1], padding='SAME')


def build():
    x = tf.placeholder(tf.float32, shape=[None, 784])
    y_ = tf.placeholder(tf.float32, shape=[None, 10])

    W_conv1 = weight_variable([5, 5, 1, 32])
    b_conv1 = bias_variable([32])
    x_image = tf.reshape(x, [-1, 28, 28, 1])
    h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)
    h_pool1 = max_pool_2x2(h_conv1)

    W_conv2 = weight_variable([5, 5, 32, 64])
    b_conv2 = bias_variable([64])
    h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)
    h_pool2 = max_pool_2x2(h_conv2)

    W_fc1 = weight_variable([7 * 7 * 64, 1024])
    b_fc1 = bias_variable([1024])
    h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])
    h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)

    keep_prob = tf.placeholder(tf.float32)
    h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

    W_fc2 = weight_variable([1024, 10])
    b_fc2 = bias_variable([10])
    y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2

    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
    train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy)
    correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    return dict(x=x, y_=y_, keep_prob=keep_prob, train_step=train_step,
                accuracy=accuracy, cross_entropy=cross_entropy,
                variables=[W_conv1, b_conv1, W_conv2, b_conv2, W_fc1, b_fc1,
                           W_fc2, b_fc2])


def main(data, steps=200, log=print):
    """data.next_batch(n) -> (images [n, 784], one-hot labels [n, 10]);
    data.test_images, data.test_labels. Returns the test accuracy."""
    m = build()
    x, y_, keep_prob = m["x"], m["y_"], m["keep_prob"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps):
            batch = data.next_batch(50)
            if i % 100 == 0:
                train_accuracy = m["accuracy"].eval(feed_dict={
                    x: batch[0], y_: batch[1], keep_prob: 1.0})
                log('step %d, training accuracy %g' % (i, train_accuracy))
            m["train_step"].run(feed_dict={x: batch[0], y_: batch[1],
                                           keep_prob: 0.5})
        test_accuracy = m["accuracy"].eval(feed_dict={
            x: data.test_images, y_: data.test_labels, keep_prob: 1.0})
        log('test accuracy %g' % test_accuracy)
    return test_accuracy
