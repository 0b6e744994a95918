"""The one configuration object: immutable, explicit, with documented defaults."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from numbers import Real
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

# Weights of the sourcing transparency index (formula in audit/scorecard.py and the README,
# "Scorecard"). The first five multiply shares of body attributions and sum to the sourcing part
# (each attribution earns the credit of its source type, plus a bonus when the source is
# official); "sourcing" and "claims" weigh that part against 1 - the share of check-worthy
# claims left unattributed. The index is clipped to 0..1.
DEFAULT_TRANSPARENCY_WEIGHTS = MappingProxyType(
    {
        "named": 1.0,  # share_named = named_person + named_organization
        "document": 1.0,  # a report or filing the reader can look up
        "unnamed": 0.5,  # unnamed_person + unnamed_group: described, not named
        "anonymous": 0.0,
        "official_bonus": 0.25,  # share_official: on top of the source type's credit
        "sourcing": 0.5,
        "claims": 0.5,
    }
)


@dataclass(frozen=True)
class AuditConfig:
    """Settings for one audit run.

    Attributes:
        rules_dir: a folder of extra rule files overlaying the packaged ones (same file names;
            a row with a new id adds a phrase, a row with an existing id replaces it).
        claim_threshold: a claim is ``checkworthy`` when its score is at least this.
        transparency_weights: weights of the sourcing transparency index.

    Example:
        >>> AuditConfig(claim_threshold=0.6).claim_threshold
        0.6
    """

    rules_dir: str | None = None
    claim_threshold: float = 0.5
    transparency_weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_TRANSPARENCY_WEIGHTS)

    def __post_init__(self) -> None:
        threshold = self.claim_threshold
        if isinstance(threshold, bool) or not isinstance(threshold, Real):
            raise TypeError(f"claim_threshold must be a number between 0 and 1 (e.g. 0.6), "
                            f"got {type(threshold).__name__} {threshold!r}")
        if not 0.0 <= float(threshold) <= 1.0:
            raise ValueError(f"claim_threshold must be between 0 and 1, got {threshold!r}")
        if self.rules_dir is not None and not isinstance(self.rules_dir, (str, PathLike)):
            raise TypeError(f"rules_dir must be a folder path (str or pathlib.Path), got {type(self.rules_dir).__name__}")
        if not isinstance(self.transparency_weights, Mapping):
            raise TypeError("transparency_weights must be a mapping of weight names to numbers, "
                            f"got {type(self.transparency_weights).__name__}")
        for name, weight in self.transparency_weights.items():
            if isinstance(weight, bool) or not isinstance(weight, Real):
                raise TypeError(f"transparency weight {name!r} must be a number, got {type(weight).__name__} {weight!r}")
        unknown = sorted(set(self.transparency_weights) - set(DEFAULT_TRANSPARENCY_WEIGHTS))
        if unknown:
            raise ValueError(f"unknown transparency weight(s) {unknown}; known: {sorted(DEFAULT_TRANSPARENCY_WEIGHTS)}")
        if self.rules_dir is not None:
            if not Path(self.rules_dir).is_dir():
                raise ValueError(f"rules_dir {str(self.rules_dir)!r} is not a folder: give a folder holding rule files "
                                 "named like the packaged ones (audit/rules/*.tsv)")
            object.__setattr__(self, "rules_dir", str(self.rules_dir))
        object.__setattr__(self, "transparency_weights", MappingProxyType(dict(self.transparency_weights)))

    def replace(self, **changes) -> "AuditConfig":
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "rules_dir": self.rules_dir,
            "claim_threshold": self.claim_threshold,
            "transparency_weights": dict(self.transparency_weights),
        }

    def __reduce__(self):  # MappingProxyType does not pickle; worker processes need to
        return (_rebuild_config, (self.to_dict(),))


def _rebuild_config(d: dict) -> AuditConfig:
    return AuditConfig(**d)


DEFAULT_CONFIG = AuditConfig()


def require_config(config: object) -> AuditConfig:
    """``config`` when it is an :class:`AuditConfig`, the defaults for None; otherwise a TypeError.

    Example:
        >>> require_config(None) is DEFAULT_CONFIG
        True
    """
    if config is None:
        return DEFAULT_CONFIG
    if not isinstance(config, AuditConfig):
        raise TypeError(f"config must be an AuditConfig, got {type(config).__name__}")
    return config
