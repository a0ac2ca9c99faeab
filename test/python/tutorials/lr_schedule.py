"""MNIST for ML beginners (softmax regression) trained with the decaying
learning rate of TensorFlow 1.x's tf.train.exponential_decay example,
with `import tfcc as tf`."""

import tfcc as tf


def main(batches, steps):
    """batches(i) -> (images [n, 784], one-hot labels [n, 10]). Returns
    the learning rates and losses of every step and the final weights."""
    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, W) + b
    cross_entropy = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))

    global_step = tf.Variable(0, trainable=False)
    starter_learning_rate = 0.5
    learning_rate = tf.train.exponential_decay(starter_learning_rate,
                                               global_step, 3, 0.5,
                                               staircase=True)
    learning_step = (
        tf.train.GradientDescentOptimizer(learning_rate)
        .minimize(cross_entropy, global_step=global_step))

    rates, losses = [], []
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        for i in range(steps):
            batch_xs, batch_ys = batches(i)
            rate, loss, _ = sess.run([learning_rate, cross_entropy,
                                      learning_step],
                                     feed_dict={x: batch_xs, y_: batch_ys})
            rates.append(rate)
            losses.append(loss)
        return rates, losses, sess.run(W), sess.run(b), sess.run(global_step)
