"""The piper voice graph with its random noise fixed, so one long-lived session speaks deterministically.

A VITS voice draws Gaussian noise twice per sentence (ONNX `RandomNormalLike`: the duration
predictor's [B, 2, phonemes] and the prior's [B, 192, frames]). onnxruntime seeds those generators
when a session is made and advances them with every run, so the same sentence came out differently
depending on what the process had said before. Here each `RandomNormalLike` is replaced, once per
process, by a slice of a constant noise block (drawn from numpy's PCG64 with a fixed seed, tiled when
a sentence is longer than the block): the noise a sentence gets depends only on its shape, as it did
with a fresh session per sentence, but the session is made once.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

SEED = 20261201
BLOCK = (1, 192, 2048)  # channels x frames of noise before it repeats (2048 frames: about 24 s of speech)


def noise_blocks(count: int) -> list[np.ndarray]:
    """The constant noise of each random op, in graph order (same numbers in every process)."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    return [rng.standard_normal(BLOCK, dtype=np.float32) for _ in range(count)]


@functools.cache
def noise_digest() -> str:
    """A short digest of the noise (part of the engine's version: other noise, other clips)."""
    h = hashlib.sha256()
    for block in noise_blocks(2):
        h.update(block.tobytes())
    return h.hexdigest()[:12]


def fix_noise(model_bytes: bytes) -> bytes:
    """The model with every `RandomNormalLike(x)` replaced by the constant noise tiled and sliced to x's shape."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load_from_string(model_bytes)
    graph = model.graph
    randoms = [n for n in graph.node if n.op_type == "RandomNormalLike"]
    if any(n.op_type in ("RandomNormal", "RandomUniform", "RandomUniformLike", "Multinomial", "Bernoulli")
           for n in graph.node):
        raise ValueError("the voice has random ops other than RandomNormalLike")
    blocks = noise_blocks(len(randoms))
    one = "media_noise/one"
    block_shape = "media_noise/block_shape"
    graph.initializer.extend([numpy_helper.from_array(np.array([1], dtype=np.int64), one),
                              numpy_helper.from_array(np.array(BLOCK, dtype=np.int64), block_shape)])
    replacements = {}
    for i, node in enumerate(randoms):
        dtypes = [a.i for a in node.attribute if a.name == "dtype"]
        if dtypes and dtypes[0] != onnx.TensorProto.FLOAT:
            raise ValueError("the voice draws noise that is not float32")
        p = f"media_noise/{i}/"
        graph.initializer.append(numpy_helper.from_array(blocks[i], p + "block"))
        like, out = node.input[0], node.output[0]
        # reps = ceil(shape / block) = (shape + block - 1) / block, per dimension; then slice to shape
        replacements[node.name] = [
            helper.make_node("Shape", [like], [p + "shape"]),
            helper.make_node("Add", [p + "shape", block_shape], [p + "sum"]),
            helper.make_node("Sub", [p + "sum", one], [p + "sum1"]),
            helper.make_node("Div", [p + "sum1", block_shape], [p + "reps"]),
            helper.make_node("Tile", [p + "block", p + "reps"], [p + "tiled"]),
            helper.make_node("Shape", [p + "shape"], [p + "rank"]),
            helper.make_node("ConstantOfShape", [p + "rank"], [p + "starts"],
                             value=numpy_helper.from_array(np.array([0], dtype=np.int64))),
            helper.make_node("Slice", [p + "tiled", p + "starts", p + "shape"], [out]),
        ]
    # each replacement takes its op's place, so the nodes stay in topological order
    nodes = []
    for node in graph.node:
        nodes.extend(replacements.get(node.name, [node]) if node.op_type == "RandomNormalLike" else [node])
    copies = [type(n)() for n in nodes]
    for copy, node in zip(copies, nodes):
        copy.CopyFrom(node)
    del graph.node[:]
    graph.node.extend(copies)
    onnx.checker.check_model(model)
    return model.SerializeToString()

