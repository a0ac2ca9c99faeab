"""tf.losses: the TF1 loss functions with their weights and reductions."""

from . import dtypes as _dt
from . import nn as _nn
from . import ops as _ops
from .graph import Tensor, convert_to_tensor, get_default_graph, name_scope

__all__ = ["Reduction", "compute_weighted_loss", "softmax_cross_entropy",
           "sparse_softmax_cross_entropy", "mean_squared_error",
           "absolute_difference", "sigmoid_cross_entropy", "get_losses",
           "get_total_loss", "add_loss"]

LOSSES = "losses"


class Reduction:
    NONE = "none"
    SUM = "weighted_sum"
    MEAN = "weighted_mean"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    SUM_OVER_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_BY_NONZERO_WEIGHTS = SUM_OVER_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_BY_NONZERO_WEIGHTS)


def _is_one(w):
    return not isinstance(w, Tensor) and _ops.to_numpy(w).size == 1 and \
        float(_ops.to_numpy(w).reshape(())) == 1.0


def compute_weighted_loss(losses, weights=1.0, scope=None,
                          loss_collection=LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """losses * weights reduced as TF1 does (the default: the sum over the
    number of non-zero weights, i.e. the mean when weights is 1)."""
    if reduction not in Reduction.all():
        raise ValueError("Invalid reduction %r" % (reduction,))
    losses = convert_to_tensor(losses)
    if not losses.dtype.is_floating:
        raise TypeError("losses must be floating point, got %s"
                        % losses.dtype.name)
    with name_scope(scope, "weighted_loss"):
        one = _is_one(weights)
        w = None if one else convert_to_tensor(weights,
                                               dtype_hint=losses.dtype)
        if w is not None and w.dtype != losses.dtype:
            w = _ops.cast(w, losses.dtype)
        weighted = losses if w is None else _ops.multiply(losses, w)
        if reduction == Reduction.NONE:
            loss = weighted
        elif w is None and reduction in (Reduction.SUM_OVER_BATCH_SIZE,
                                         Reduction.SUM_BY_NONZERO_WEIGHTS,
                                         Reduction.MEAN):
            loss = _ops.reduce_mean(losses)  # every weight is 1
        else:
            loss = _ops.reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                denom = _ops.reduce_sum(_ops.multiply(
                    _ops.ones_like(losses), w if w is not None else 1.0))
                loss = _safe_div(loss, denom)
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_div(loss, _num_elements(losses))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                if w is None:
                    present = _num_elements(losses)
                else:
                    nonzero = _ops.cast(_ops.not_equal(w, 0.0), losses.dtype)
                    present = _ops.reduce_sum(_ops.multiply(
                        _ops.ones_like(losses), nonzero))
                loss = _safe_div(loss, present)
    if loss_collection is not None:
        get_default_graph().add_to_collection(loss_collection, loss)
    return loss


def _num_elements(t):
    if t.shape.is_fully_defined():
        return _ops.constant(float(max(t.shape.num_elements(), 0)),
                             dtype=t.dtype)
    return _ops.reduce_sum(_ops.ones_like(t))


def _safe_div(num, denom):
    """num / denom, 0 where denom is 0 (TF's div_no_nan)."""
    denom = convert_to_tensor(denom, dtype_hint=num.dtype)
    zero = _ops.equal(denom, 0.0)
    safe = _ops.where(zero, _ops.ones_like(denom), denom)
    return _ops.where(zero, _ops.zeros_like(num), _ops.divide(num, safe))


def softmax_cross_entropy(onehot_labels, logits, weights=1.0,
                          label_smoothing=0, scope=None,
                          loss_collection=LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Cross entropy of softmax(logits) against one-hot (or probability)
    labels per example, then weighted and reduced (mean by default)."""
    with name_scope(scope, "softmax_cross_entropy_loss"):
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(onehot_labels, dtype_hint=logits.dtype)
        if labels.dtype != logits.dtype:
            labels = _ops.cast(labels, logits.dtype)
        try:
            logits.shape.merge_with(labels.shape)
        except ValueError:
            raise ValueError("softmax_cross_entropy: labels of shape %s do "
                             "not match logits of shape %s"
                             % (labels.shape, logits.shape)) from None
        if label_smoothing:
            n = logits.shape[-1]
            if n is None:
                raise ValueError("label_smoothing needs the class dim of "
                                 "logits to be known")
            ls = float(label_smoothing)
            labels = labels * (1.0 - ls) + ls / n
        losses = _nn.softmax_cross_entropy_with_logits_v2(
            labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, None, loss_collection,
                                     reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Cross entropy against integer class labels."""
    with name_scope(scope, "sparse_softmax_cross_entropy_loss"):
        labels = convert_to_tensor(labels)
        if not labels.dtype.is_integer:
            raise TypeError("sparse_softmax_cross_entropy: labels must be "
                            "int32 or int64, got %s" % labels.dtype.name)
        losses = _nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, None, loss_collection,
                                     reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """(predictions - labels)^2, weighted and reduced (mean by default)."""
    with name_scope(scope, "mean_squared_error"):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels, dtype_hint=predictions.dtype)
        if labels.dtype != predictions.dtype:
            labels = _ops.cast(labels, predictions.dtype)
        losses = _ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, None, loss_collection,
                                     reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    with name_scope(scope, "absolute_difference"):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels, dtype_hint=predictions.dtype)
        losses = _ops.abs(_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, None, loss_collection,
                                     reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0,
                          label_smoothing=0, scope=None,
                          loss_collection=LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    with name_scope(scope, "sigmoid_cross_entropy_loss"):
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(multi_class_labels,
                                   dtype_hint=logits.dtype)
        if labels.dtype != logits.dtype:
            labels = _ops.cast(labels, logits.dtype)
        if label_smoothing:
            ls = float(label_smoothing)
            labels = labels * (1.0 - ls) + 0.5 * ls
        losses = _nn.sigmoid_cross_entropy_with_logits(labels=labels,
                                                       logits=logits)
        return compute_weighted_loss(losses, weights, None, loss_collection,
                                     reduction)


def add_loss(loss, loss_collection=LOSSES):
    if loss_collection is not None:
        get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=LOSSES):
    return get_default_graph().get_collection(loss_collection, scope)


def get_total_loss(add_regularization_losses=True, name="total_loss",
                   scope=None):
    losses = get_losses(scope)
    if not losses:
        raise ValueError("No losses in the collection")
    return _ops.add_n(losses, name=name)


del _dt
