"""The skip-gram model of TensorFlow 1.x's basic word2vec tutorial, with a
full softmax in place of nce_loss (`import tfcc as tf`): embeddings looked
up for the center words, a softmax layer over the vocabulary predicting a
context word, SGD, and the cosine similarity of normalized embeddings."""

import tfcc as tf


def build(vocabulary_size, embedding_size, valid_examples):
    train_inputs = tf.placeholder(tf.int32, shape=[None])
    train_labels = tf.placeholder(tf.int32, shape=[None])
    valid_dataset = tf.constant(valid_examples, dtype=tf.int32)

    embeddings = tf.Variable(
        tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
    embed = tf.nn.embedding_lookup(embeddings, train_inputs)

    softmax_weights = tf.Variable(
        tf.truncated_normal([embedding_size, vocabulary_size],
                            stddev=1.0 / embedding_size ** 0.5))
    softmax_biases = tf.Variable(tf.zeros([vocabulary_size]))
    logits = tf.matmul(embed, softmax_weights) + softmax_biases
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=train_labels, logits=logits))
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)

    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized_embeddings = embeddings / norm
    valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings,
                                              valid_dataset)
    similarity = tf.matmul(valid_embeddings, normalized_embeddings,
                           transpose_b=True)
    return dict(inputs=train_inputs, labels=train_labels, loss=loss,
                optimizer=optimizer, similarity=similarity,
                embeddings=embeddings, softmax_weights=softmax_weights,
                softmax_biases=softmax_biases)
