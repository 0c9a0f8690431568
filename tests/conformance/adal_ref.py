#!/usr/bin/env python3
"""Independent reference implementation of the Adal Draw protocol (docs/PROTOCOL.md, versions 1 to 4).

Written from the protocol document and the test vectors, in Python 3.11 with the standard library
only, without reading the TypeScript sources, so that it checks the document as much as the code.
Exception: the bundle part was written before PROTOCOL.md §Verification bundle existed, so it
follows the behaviour of shared/verify.ts and is marked as such. It covers: RFC 8785 canonical JSON
(integers only), domain-separated tagged hashes, pool leaves and the RFC 6962 pool root, the
announcement hash, witness commitments, the seed input and seed, the counter-mode RNG, the adal-v1
shuffle, the RFC 3797 key string and selection, quota bounds, the selection walk with the exact
feasibility predicate (exhaustive search with sound pruning), reserves, replacement after declines,
the fairness report, Merkle inclusion/consistency proofs, signed notes, checkpoints and a bundle
verifier that replays a bundle's log entries, and (v3) ceremonies: the ceremony hash, lot seeds and
a ceremony's replay. Protocol versions (PROTOCOL.md §Versions): a spec's
`version` picks the rules — the caps it may set — and an unknown version is refused.

Ed25519 (checkpoint signatures) is verified with the pure-Python code of RFC 8032 §6. The drand BLS
signature is NOT verified (no pairing library in the standard library): the verifier only checks the
relation randomness = SHA-256(signature) and that the round is the announced one.

Usage:
    adal_ref.py replay <replay-input.json | golden-case.json>
    adal_ref.py verify-bundle <bundle.json> (--key VKEY)… [--trust-bundle-key] [--no-fairness]
                              [(--witness VKEY)… [--witness-threshold K]]
    adal_ref.py rfc3797 <rfc3797-vector.json>
    adal_ref.py log-example <log-example.json>
    adal_ref.py merkle <rfc6962.json>
    adal_ref.py signed-note <signed-note.json>
    adal_ref.py drand <tests/fixtures/drand/CHAIN.json>
    adal_ref.py example <docs/PROTOCOL.md>
    adal_ref.py ceremony-example <docs/PROTOCOL.md>
    adal_ref.py ceremony-replay <ceremony-replay-input.json>
Every command prints one JSON object on stdout. Exit codes: 0 ok, 1 a check failed, 2 bad input.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterable

# ---------------------------------------------------------------------------------------------------
# Errors


class Failure(Exception):
    """A check failed: a stable code and a message (exit 1)."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class BadInput(Exception):
    """The input cannot be read (exit 2)."""


# ---------------------------------------------------------------------------------------------------
# Canonical JSON (RFC 8785 restricted to integers) — PROTOCOL.md §Encoding

MAX_SAFE = 2**53 - 1


def _jcs_string(s: str) -> str:
    out = ['"']
    for ch in s:
        c = ord(ch)
        if 0xD800 <= c <= 0xDFFF:
            raise Failure("CANONICAL_STRING", "lone surrogate")
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\r":
            out.append("\\r")
        elif c < 0x20:
            out.append(f"\\u{c:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(s: str) -> bytes:
    return s.encode("utf-16-be", "surrogatepass")


def jcs_text(v: Any) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if not -MAX_SAFE <= v <= MAX_SAFE:
            raise Failure("CANONICAL_NUMBER", str(v))
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and -MAX_SAFE <= v <= MAX_SAFE:
            return str(int(v))  # -0.0 -> "0"
        raise Failure("CANONICAL_NUMBER", repr(v))
    if isinstance(v, str):
        return _jcs_string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(jcs_text(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v.keys(), key=_utf16_key)
        return "{" + ",".join(_jcs_string(k) + ":" + jcs_text(v[k]) for k in keys) + "}"
    raise Failure("CANONICAL_TYPE", type(v).__name__)


def jcs(v: Any) -> bytes:
    return jcs_text(v).encode("utf-8")


# ---------------------------------------------------------------------------------------------------
# Hashing — PROTOCOL.md §Hashing and domain tags


def sha256(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def tagged(tag: str, data: bytes) -> bytes:
    return ("adal-draw/1/" + tag).encode("utf-8") + b"\x00" + data


def tagged_hash(tag: str, data: bytes) -> bytes:
    return sha256(tagged(tag, data))


def u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


def u64(n: int) -> bytes:
    return n.to_bytes(8, "big")


def utf8_key(s: str) -> bytes:
    return s.encode("utf-8")


HEX64 = re.compile(r"^[0-9a-f]{64}$")


def hex32(s: Any, what: str, code: str = "BAD_HEX") -> bytes:
    if not isinstance(s, str) or not HEX64.match(s):
        raise Failure(code, f"{what} is not 64 lower-case hex characters")
    return bytes.fromhex(s)


# ---------------------------------------------------------------------------------------------------
# RFC 6962 / RFC 9162 Merkle trees — PROTOCOL.md §Pool, docs/PROTOCOL.md §Proofs


def leaf_hash(data: bytes) -> bytes:
    return sha256(b"\x00" + data)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)


def mth(leaf_hashes: list[bytes]) -> bytes:
    n = len(leaf_hashes)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaf_hashes[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaf_hashes[:k]), mth(leaf_hashes[k:]))


def inclusion_path(m: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n]) over leaf hashes."""
    n = len(leaves)
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return inclusion_path(m, leaves[:k]) + [mth(leaves[k:])]
    return inclusion_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def consistency_proof(m: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(m, D[n])."""

    def sub(m: int, d: list[bytes], b: bool) -> list[bytes]:
        n = len(d)
        if m == n:
            return [] if b else [mth(d)]
        k = 1
        while k * 2 < n:
            k *= 2
        if m <= k:
            return sub(m, d[:k], b) + [mth(d[k:])]
        return sub(m - k, d[k:], False) + [mth(d[:k])]

    if m == 0 or m == len(leaves):
        return []
    return sub(m, leaves, True)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if len(p) != 32 or sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if first < 0 or second < first:
        return False
    if first == 0:
        return proof == []
    if first == second:
        return proof == [] and first_root == second_root
    if not proof or any(len(p) != 32 for p in proof):
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: first_root is the first node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# ---------------------------------------------------------------------------------------------------
# Pool — PROTOCOL.md §Pool

LIST_FIELDS = ("languages", "directions", "organizations")


def pool_leaf_hash(entry: dict) -> bytes:
    return leaf_hash(tagged("pool-entry", jcs(entry)))


def pool_root(entries: list[dict]) -> bytes:
    return mth([pool_leaf_hash(e) for e in entries])


def check_pool(entries: list[dict], root_hex: str, size: int | None = None) -> None:
    prev: bytes | None = None
    for i, e in enumerate(entries):
        rn = e.get("registryNo")
        if not isinstance(rn, str):
            raise Failure("POOL_NOT_CANONICAL", f"entry {i + 1} has no registryNo")
        k = utf8_key(rn)
        if prev is not None and not prev < k:
            raise Failure("POOL_NOT_CANONICAL", f"entry {i + 1} ({rn}) is out of order")
        prev = k
        for f in LIST_FIELDS:
            lst = e.get(f)
            if not isinstance(lst, list) or any(not isinstance(x, str) for x in lst):
                raise Failure("POOL_NOT_CANONICAL", f"{rn}.{f} is not a list of strings")
            keys = [utf8_key(x) for x in lst]
            if any(not a < b for a, b in zip(keys, keys[1:])):
                raise Failure("POOL_NOT_CANONICAL", f"{rn}.{f} is not sorted and duplicate-free")
    if size is not None and size != len(entries):
        raise Failure("POOL_SIZE_MISMATCH", f"{len(entries)} entries, announced {size}")
    got = pool_root(entries).hex()
    if got != root_hex:
        raise Failure("POOL_ROOT_MISMATCH", f"pool hashes to {got}, announced {root_hex}")


# ---------------------------------------------------------------------------------------------------
# Announcement and commitments — PROTOCOL.md §Announcement, §Commitments and reveals


def announcement_hash(announcement: dict) -> bytes:
    return tagged_hash("announcement", jcs(announcement))


def commitment_for(secret_hex: str) -> str:
    return tagged_hash("commitment", hex32(secret_hex, "secret", "SECRET_MALFORMED")).hex()


# ---------------------------------------------------------------------------------------------------
# Public sources: RFC 3797 §4 canonical text — PROTOCOL.md §Seed, §RFC 3797 mode

DECIMAL = re.compile(r"^([0-9]+)(?:\.([0-9]+))?$")


def _decimal(v: Any) -> tuple[int, str]:
    """A non-negative decimal as (integer part, fraction digits without trailing zeros)."""
    if isinstance(v, bool):
        raise Failure("SOURCE_VALUE_INVALID", repr(v))
    if isinstance(v, int):
        if v < 0:
            raise Failure("SOURCE_VALUE_INVALID", str(v))
        return v, ""
    if isinstance(v, str):
        m = DECIMAL.match(v)
        if not m:
            raise Failure("SOURCE_VALUE_INVALID", repr(v))
        return int(m.group(1)), (m.group(2) or "").rstrip("0")
    raise Failure("SOURCE_VALUE_INVALID", repr(v))


def _frac_key(f: str) -> tuple[int, str]:
    return (0, "") if not f else (1, f)


def source_text(value: Any) -> str:
    """Canonical text of one source including the final '/'.

    A list is a numeric source (integers, or decimal strings); a string is a text source."""
    if isinstance(value, str):
        if any(not (0x20 <= ord(c) <= 0x7E) for c in value):
            raise Failure("SOURCE_VALUE_INVALID", "text sources are printable ASCII")
        text = "".join(c for c in value.upper() if c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        if not text:
            raise Failure("SOURCE_VALUE_INVALID", "a text source needs a letter or digit")
        return text + "/"
    if isinstance(value, list) and value:
        vals = [_decimal(v) for v in value]
        # numeric order: by integer part, then by the fraction's digits (stripped of trailing zeros,
        # lexicographic order of digit strings equals numeric order of the fractions)
        vals.sort(key=lambda wf: (wf[0], wf[1]))
        return "".join(f"{w}." if not f else f"{w}.{f}" for w, f in vals) + "/"
    raise Failure("SOURCE_VALUE_INVALID", repr(value))


def rfc3797_key(sources: list[Any]) -> bytes:
    return "".join(source_text(s) for s in sources).encode("ascii")


def rfc3797_select(key: bytes, pool: int, count: int) -> list[dict]:
    if not 1 <= pool <= 65535 or not 1 <= count <= pool:
        raise Failure("RFC3797_COUNT_INVALID", f"pool {pool}, count {count}")
    left = list(range(1, pool + 1))
    out = []
    for i in range(count):
        b = i.to_bytes(2, "big")
        d = hashlib.md5(b + key + b).digest()
        r = int.from_bytes(d, "big") % (pool - i)
        out.append({"index": i + 1, "digest": d.hex().upper(), "divisor": pool - i, "position": left.pop(r)})
    return out


# ---------------------------------------------------------------------------------------------------
# Seed — PROTOCOL.md §Seed


def build_seed_input(announcement: dict, ann_hash: bytes, material: dict) -> dict:
    spec = announcement["spec"]
    entropy = spec.get("entropy", {})
    drand = entropy.get("drand")
    beacon = material.get("beacon")
    if drand is None:
        if beacon is not None:
            raise Failure("BEACON_MISMATCH", "the spec names no drand round")
        seed_beacon = None
    else:
        if beacon is None:
            raise Failure("BEACON_MISSING", "the announced drand round is missing")
        if beacon.get("round") != drand["round"] or beacon.get("chainHash") != drand["chainHash"]:
            raise Failure("BEACON_MISMATCH", "not the announced chain and round")
        hex32(beacon.get("randomness"), "beacon randomness", "BEACON_MALFORMED")
        seed_beacon = {
            "chainHash": beacon["chainHash"],
            "round": beacon["round"],
            "randomness": beacon["randomness"],
        }
    announced = [s["id"] for s in entropy.get("publicSources", [])]
    given: dict[str, Any] = {}
    for s in material.get("publicSources", []):
        if s["id"] not in announced:
            raise Failure("SOURCE_UNKNOWN", s["id"])
        if s["id"] in given:
            raise Failure("SOURCE_DUPLICATE", s["id"])
        given[s["id"]] = s["value"]
    for sid in announced:
        if sid not in given:
            raise Failure("SOURCE_MISSING", sid)
    sources = sorted(
        ({"id": sid, "text": source_text(v)} for sid, v in given.items()), key=lambda s: utf8_key(s["id"])
    )
    witnesses = {w["id"]: w["commitment"] for w in spec.get("witnesses", [])}
    reveals: dict[str, str] = {}
    for r in material.get("reveals", []):
        wid = r["witnessId"]
        if wid not in witnesses:
            raise Failure("REVEAL_UNKNOWN_WITNESS", wid)
        if wid in reveals:
            raise Failure("REVEAL_DUPLICATE", wid)
        if commitment_for(r["secret"]) != witnesses[wid]:
            raise Failure("REVEAL_MISMATCH", f"the secret of {wid} does not match its commitment")
        reveals[wid] = r["secret"]
    return {
        "announcementHash": ann_hash.hex(),
        "beacon": seed_beacon,
        "publicSources": sources,
        "reveals": [{"witnessId": w, "secret": reveals[w]} for w in sorted(reveals, key=utf8_key)],
        "missing": sorted((w for w in witnesses if w not in reveals), key=utf8_key),
    }


def seed_of(seed_input: dict) -> bytes:
    return tagged_hash("seed", jcs(seed_input))


# ---------------------------------------------------------------------------------------------------
# RNG and order — PROTOCOL.md §RNG, §Order


class CounterRng:
    def __init__(self, seed: bytes):
        self.seed = seed
        self.block_no = 0
        self.words: list[int] = []

    def block(self, i: int) -> bytes:
        return tagged_hash("rng", self.seed + u64(i))

    def next_word(self) -> int:
        if not self.words:
            b = self.block(self.block_no)
            self.block_no += 1
            self.words = [int.from_bytes(b[4 * j : 4 * j + 4], "big") for j in range(8)]
        return self.words.pop(0)

    def uniform(self, m: int) -> int:
        if not 1 <= m <= 2**32:
            raise ValueError("uniform: m out of range")
        limit = 2**32 - (2**32 % m)
        while True:
            w = self.next_word()
            if w < limit:
                return w % m


def adal_order(seed: bytes, n: int) -> list[int]:
    """Pool numbers (1-based) by position."""
    rng = CounterRng(seed)
    a = list(range(n))
    for i in range(n - 1):
        j = i + rng.uniform(n - i)
        a[i], a[j] = a[j], a[i]
    return [x + 1 for x in a]


def rfc3797_order(announcement: dict, material: dict, n: int) -> list[int]:
    by_id = {s["id"]: s["value"] for s in material.get("publicSources", [])}
    announced = [s["id"] for s in announcement["spec"]["entropy"].get("publicSources", [])]
    for sid in announced:
        if sid not in by_id:
            raise Failure("SOURCE_MISSING", sid)
    key = rfc3797_key([by_id[sid] for sid in announced])
    return [s["position"] for s in rfc3797_select(key, n, n)]


# ---------------------------------------------------------------------------------------------------
# Rules — PROTOCOL.md §Draw specification (quotas), §Rules

INF = 10**9

# PROTOCOL.md §Versions: the protocol versions this implementation knows.
# 3 is not one: it is a ceremony lot's (§Ceremonies), refused wherever a single draw's spec is read.
KNOWN_VERSIONS = (1, 2, 4)
# (v4) PROTOCOL.md §Previous attempts: a later attempt's bundle carries its lot's earlier attempts.
PREVIOUS_ATTEMPTS_SINCE = 4


@dataclass(frozen=True)
class Cap:
    """A cap of PROTOCOL.md §Rules: at most `limit` members may share one key of the kind."""

    field: str  # the spec field holding the limit
    since: int  # the protocol version that introduced it
    keys: Any  # entry -> its keys (distinct, in the entry's order)
    rule: str  # skip rule
    detail: str  # step detail member
    key: str  # key member of a detail item and of a violation
    violation: str  # violation kind


# The caps in table order (the order the walk tests them and violations list them).
CAPS = [
    Cap("perOrganizationMax", 1, lambda e: list(e.get("organizations", [])), "ORG_LIMIT", "organizations", "organization", "org-limit"),
    # version 2: an entry has exactly one region
    Cap("perRegionMax", 2, lambda e: [e["region"]], "REGION_LIMIT", "regions", "region", "region-limit"),
]


@dataclass
class Quota:
    category: str
    value: str
    lo: int
    hi: int


def quota_bounds(q: dict, size: int) -> tuple[int, int]:
    if "min" in q:
        lo = q["min"]
    elif "minPercent" in q:
        lo = (size * q["minPercent"] + 99) // 100
    else:
        lo = 0
    if "max" in q:
        hi = min(size, q["max"])
    elif "maxPercent" in q:
        hi = size * q["maxPercent"] // 100
    else:
        hi = size
    return lo, hi


def counts_toward(entry: dict, category: str, value: str) -> bool:
    if category in ("proposedBy", "region", "gender"):
        return entry.get(category) == value
    if category == "language":
        return value in entry.get("languages", [])
    if category == "direction":
        return value in entry.get("directions", [])
    raise Failure("SPEC_INVALID", f"unknown quota category {category}")


class Rules:
    """The compiled rules of a spec over one pool (entries indexed 0…n−1 in pool order)."""

    def __init__(self, spec: dict, pool: list[dict]):
        version = spec.get("version")
        if version not in KNOWN_VERSIONS:
            raise Failure("SPEC_VERSION_UNKNOWN", f"protocol version {version}")
        self.size: int = spec["size"]
        self.reserves: int = spec["reserves"]
        # the caps the spec sets: (cap, limit); a cap newer than the spec's version may not be set
        self.caps: list[tuple[Cap, int]] = []
        for cap in CAPS:
            if cap.field in spec:
                if cap.since > version:
                    raise Failure("SPEC_INVALID", f"{cap.field} needs protocol version {cap.since}")
                self.caps.append((cap, spec[cap.field]))
        self.pool = pool
        self.quotas: list[Quota] = []
        for q in spec.get("quotas", []):
            lo, hi = quota_bounds(q, self.size)
            self.quotas.append(Quota(q["category"], q["value"], lo, hi))
        # per entry: the indexes of the quotas it counts toward, and its organizations
        self.qs: list[tuple[int, ...]] = [
            tuple(j for j, q in enumerate(self.quotas) if counts_toward(e, q.category, q.value)) for e in pool
        ]
        # per entry: its keys under every cap that applies, as (cap index, key) — caps in table order
        self.keys: list[tuple[tuple[int, str], ...]] = [
            tuple((j, k) for j, (cap, _) in enumerate(self.caps) for k in cap.keys(e)) for e in pool
        ]

    def limit(self, key: tuple[int, str]) -> int:
        return self.caps[key[0]][1]

    # counts of a set of entry indexes
    def qcount(self, xs: Iterable[int]) -> list[int]:
        c = [0] * len(self.quotas)
        for x in xs:
            for j in self.qs[x]:
                c[j] += 1
        return c

    def kcount(self, xs: Iterable[int]) -> dict[tuple[int, str], int]:
        c: dict[tuple[int, str], int] = {}
        for x in xs:
            for k in self.keys[x]:
                c[k] = c.get(k, 0) + 1
        return c

    def admissible(self, xs: list[int]) -> bool:
        qc = self.qcount(xs)
        if any(qc[j] > q.hi for j, q in enumerate(self.quotas)):
            return False
        return all(v <= self.limit(k) for k, v in self.kcount(xs).items())

    def valid(self, xs: list[int]) -> bool:
        if len(xs) != self.size or not self.admissible(xs):
            return False
        qc = self.qcount(xs)
        return all(qc[j] >= q.lo for j, q in enumerate(self.quotas))

    # ------------------------------------------------------------------------------------------
    # The feasibility predicate — PROTOCOL.md §Feasibility predicate.
    # Complete(A, R) ⟺ ∃ B ⊆ R, |B| = size − |A|, A ∪ B a valid commission.
    # Exhaustive depth-first search over R in a fixed order with sound prunings only, and a memo of
    # exact states (position in R, seats left, every quota count, every cap key count).

    def complete(self, a: list[int], r: list[int]) -> bool:
        self.search_calls = 0
        need = self.size - len(a)
        if need < 0 or not self.admissible(a):
            return False
        qc = self.qcount(a)
        oc = self.kcount(a)
        nq = len(self.quotas)
        r = list(r)
        m = len(r)
        # suffix[i][j]: candidates in r[i:] counting toward quota j
        suffix = [[0] * nq for _ in range(m + 1)]
        for i in range(m - 1, -1, -1):
            suffix[i] = list(suffix[i + 1])
            for j in self.qs[r[i]]:
                suffix[i][j] += 1
        lo = [q.lo for q in self.quotas]
        hi = [q.hi for q in self.quotas]
        failed: set = set()
        # N2: the quotas of each single-valued category (an entry counts toward at most one of them)
        exclusive = [
            [j for j, q in enumerate(self.quotas) if q.category == cat] for cat in ("proposedBy", "region", "gender")
        ]
        self.search_calls = 0

        def dfs(i: int, need: int) -> bool:
            self.search_calls += 1
            if need == 0:
                return all(qc[j] >= lo[j] for j in range(nq))
            if m - i < need:
                return False
            for j in range(nq):
                if qc[j] + min(need, suffix[i][j]) < lo[j]:
                    return False
            for group in exclusive:
                if sum(max(0, lo[j] - qc[j]) for j in group) > need:
                    return False
            key = (i, need, tuple(qc), tuple(sorted((o, c) for o, c in oc.items() if c)))
            if key in failed:
                return False
            x = r[i]
            # take r[i]
            if all(qc[j] + 1 <= hi[j] for j in self.qs[x]) and all(
                oc.get(k, 0) + 1 <= self.limit(k) for k in self.keys[x]
            ):
                for j in self.qs[x]:
                    qc[j] += 1
                for k in self.keys[x]:
                    oc[k] = oc.get(k, 0) + 1
                ok = dfs(i + 1, need - 1)
                for j in self.qs[x]:
                    qc[j] -= 1
                for k in self.keys[x]:
                    oc[k] -= 1
                if ok:
                    return True
            # leave r[i]
            if dfs(i + 1, need):
                return True
            failed.add(key)
            return False

        # the search recurses once per candidate of R that it leaves: allow depth |R| and more
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 2 * m + 1000))
        return dfs(0, need)


# ---------------------------------------------------------------------------------------------------
# Selection, reserves — PROTOCOL.md §Selection, §Reserves, §Steps and result


def _quota_ref(q: Quota) -> dict:
    return {"category": q.category, "value": q.value}


class Draw:
    def __init__(self, spec: dict, pool: list[dict], order: list[int], method: str):
        self.rules = Rules(spec, pool)
        self.pool = pool
        self.order = order  # pool numbers by position (1-based both)
        self.method = method
        self.position_of = {pn: p + 1 for p, pn in enumerate(order)}
        self.steps: list[dict] = []
        self.commission: list[int] = []  # pool indexes (0-based), seat by seat
        self.reserves: list[int] = []

    def _step(self, phase: str, x: int, outcome: str, rule: str | None = None, detail: Any = None) -> None:
        s: dict = {
            "n": len(self.steps) + 1,
            "phase": phase,
            "position": self.position_of[x + 1],
            "poolNo": x + 1,
            "registryNo": self.pool[x]["registryNo"],
            "outcome": outcome,
        }
        if rule is not None:
            s["rule"] = rule
        if detail is not None:
            s["detail"] = detail
        self.steps.append(s)

    def walk(self, with_reserves: bool = True) -> None:
        R = self.rules
        a: list[int] = []
        qa = [0] * len(R.quotas)
        oa: dict[tuple[int, str], int] = {}
        idx = [pn - 1 for pn in self.order]
        k = 0
        while len(a) < R.size:
            if k >= len(idx):
                raise Failure("INFEASIBLE", "the order ran out before the commission was full")
            e = idx[k]
            over_q = [j for j in R.qs[e] if qa[j] + 1 > R.quotas[j].hi]
            # the first cap, in table order, with a key of e at its limit
            over_c = None
            for j, (cap, limit) in enumerate(R.caps):
                over = [key for (jj, key) in R.keys[e] if jj == j and oa.get((j, key), 0) + 1 > limit]
                if over:
                    over_c = (j, cap, limit, over)
                    break
            if over_q:
                self._step(
                    "commission",
                    e,
                    "skipped",
                    "QUOTA_MAX",
                    {
                        "quotas": [
                            {**_quota_ref(R.quotas[j]), "count": qa[j], "max": R.quotas[j].hi} for j in sorted(over_q)
                        ]
                    },
                )
            elif over_c:
                j, cap, limit, over = over_c
                self._step(
                    "commission",
                    e,
                    "skipped",
                    cap.rule,
                    {cap.detail: [{cap.key: key, "count": oa.get((j, key), 0), "max": limit} for key in over]},
                )
            elif not R.complete(a + [e], idx[k + 1 :]):
                qe = R.qcount(a + [e])
                later = idx[k + 1 :]
                ql = R.qcount(later)
                unmet = [
                    {**_quota_ref(q), "need": q.lo - qe[j], "available": ql[j]}
                    for j, q in enumerate(R.quotas)
                    if q.lo - qe[j] > 0
                ]
                self._step(
                    "commission",
                    e,
                    "skipped",
                    "NO_VALID_COMPLETION",
                    {"openSeats": R.size - len(a) - 1, "unmet": unmet},
                )
            else:
                a.append(e)
                for j in R.qs[e]:
                    qa[j] += 1
                for key in R.keys[e]:
                    oa[key] = oa.get(key, 0) + 1
                self._step("commission", e, "accepted")
            k += 1
        self.commission = a
        if not with_reserves:
            return
        while len(self.reserves) < R.reserves and k < len(idx):
            e = idx[k]
            if any(R.valid([e if y == m else y for y in a]) for m in a):
                self.reserves.append(e)
                self._step("reserves", e, "reserve")
            else:
                self._step("reserves", e, "skipped", "FITS_NO_SEAT")
            k += 1

    # Replacement — PROTOCOL.md §Replacement
    def decline(self, registry_no: str) -> None:
        R = self.rules
        by_rn = {e["registryNo"]: i for i, e in enumerate(self.pool)}
        d = by_rn.get(registry_no)
        if d is not None and d in self.reserves:
            self.reserves.remove(d)
            self._step("replacement", d, "withdrawn")
            return
        if d is None or d not in self.commission:
            raise Failure("NOT_A_MEMBER", registry_no)
        self._step("replacement", d, "declined")
        c = self.commission
        qc = R.qcount(c)
        seat = c.index(d)
        for r in list(self.reserves):
            c2 = list(c)
            c2[seat] = r
            q2 = R.qcount(c2)
            k2 = R.kcount(c2)
            violations = []
            for j, q in enumerate(R.quotas):
                if q2[j] > q.hi:
                    violations.append({"kind": "quota-max", **_quota_ref(q), "count": q2[j], "limit": q.hi})
            for j, (cap, limit) in enumerate(R.caps):
                for k in sorted((k for (jj, k) in k2 if jj == j), key=utf8_key):
                    if k2[(j, k)] > limit:
                        violations.append({"kind": cap.violation, cap.key: k, "count": k2[(j, k)], "limit": limit})
            for j, q in enumerate(R.quotas):
                if q2[j] < min(q.lo, qc[j]):
                    violations.append({"kind": "quota-min", **_quota_ref(q), "count": q2[j], "limit": q.lo})
            if not violations:
                self.commission = c2
                self.reserves.remove(r)
                self._step("replacement", r, "replacement", detail={"replaces": registry_no})
                return
            self._step("replacement", r, "skipped", "REPLACEMENT_BREAKS_RULES", {"violations": violations})
        self.commission = [y for y in c if y != d]
        self._step("replacement", d, "vacant", "NO_RESERVE_FITS")

    def result(self) -> dict:
        return {
            "method": self.method,
            "steps": self.steps,
            "commission": [self.pool[x]["registryNo"] for x in self.commission],
            "reserves": [self.pool[x]["registryNo"] for x in self.reserves],
        }


def order_for(announcement: dict, material: dict, seed: bytes | None, n: int) -> list[int]:
    method = announcement["spec"]["method"]
    if method == "adal-v1":
        assert seed is not None
        return adal_order(seed, n)
    if method == "rfc3797":
        return rfc3797_order(announcement, material, n)
    raise Failure("SPEC_INVALID", f"unknown method {method}")


# ---------------------------------------------------------------------------------------------------
# Fairness report — PROTOCOL.md §Fairness report


def percent_text(count: int, k: int) -> str:
    h = (20000 * count + k) // (2 * k)
    return f"{h // 100}.{h % 100:02d}%"


def fairness_report(announcement: dict, pool: list[dict], k: int, rules: dict | None = None) -> dict:
    # rules: the spec the simulated draws run by (a ceremony's lot: its version 2 rules)
    spec = rules or announcement["spec"]
    ah = announcement_hash(announcement)
    n = len(pool)
    size = spec["size"]
    counts = [0] * n
    for i in range(k):
        seed_k = tagged_hash("fairness", ah + u32(i))
        d = Draw(spec, pool, adal_order(seed_k, n), "adal-v1")
        d.walk(with_reserves=False)
        for x in d.commission:
            counts[x] += 1
    return {
        "k": k,
        "uniformPercent": percent_text(size, n),
        "entries": [
            {
                "registryNo": e["registryNo"],
                "count": counts[i],
                "percent": percent_text(counts[i], k),
                "flagged": 2 * counts[i] * n < k * size,
            }
            for i, e in enumerate(pool)
        ],
    }


# ---------------------------------------------------------------------------------------------------
# Ed25519 verification (RFC 8032 §5.1.7, from the pure-Python reference of §6), strict: S < L and
# canonical point encodings.

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _pt_add(a: tuple, b: tuple) -> tuple:
    A = (a[1] - a[0]) * (b[1] - b[0]) % _P
    B = (a[1] + a[0]) * (b[1] + b[0]) % _P
    C = 2 * a[3] * b[3] * _D % _P
    D = 2 * a[2] * b[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def _pt_mul(s: int, p: tuple) -> tuple:
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _pt_add(q, p)
        p = _pt_add(p, p)
        s >>= 1
    return q


def _pt_equal(a: tuple, b: tuple) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


def _pt_decompress(s: bytes) -> tuple | None:
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


_G_Y = 4 * pow(5, _P - 2, _P) % _P
_G = (_recover_x(_G_Y, 0), _G_Y, 1, _recover_x(_G_Y, 0) * _G_Y % _P)


def ed25519_verify(public: bytes, msg: bytes, sig: bytes) -> bool:
    if len(public) != 32 or len(sig) != 64:
        return False
    A = _pt_decompress(public)
    R = _pt_decompress(sig[:32])
    if A is None or R is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(), "little") % _L
    return _pt_equal(_pt_mul(s, _G), _pt_add(R, _pt_mul(h, A)))


# ---------------------------------------------------------------------------------------------------
# Signed notes and checkpoints — docs/PROTOCOL.md §Checkpoints (c2sp.org/signed-note, tlog-checkpoint)

EM_DASH = "\u2014"


@dataclass
class VerifierKey:
    name: str
    key_id: bytes
    public: bytes  # 32-byte Ed25519 key

    @property
    def text(self) -> str:
        b64 = base64.b64encode(bytes([1]) + self.public).decode()
        return f"{self.name}+{self.key_id.hex()}+{b64}"


def key_id(name: str, public: bytes) -> bytes:
    return sha256(name.encode("utf-8") + b"\x0a\x01" + public)[:4]


def b64decode_strict(s: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", s) or len(s) % 4:
        raise ValueError("not padded base64")
    return base64.b64decode(s, validate=True)


def parse_vkey(vkey: str) -> VerifierKey:
    parts = vkey.split("+", 2)  # base64 may itself contain "+"
    if len(parts) != 3:
        raise BadInput(f"verifier key {vkey!r}: name+keyid+base64 expected")
    name, kid, b64 = parts
    if not name or not re.fullmatch(r"[0-9a-f]{8}", kid):
        raise BadInput(f"verifier key {vkey!r}: bad name or key ID")
    raw = b64decode_strict(b64)
    if len(raw) != 33 or raw[0] != 1:
        raise BadInput(f"verifier key {vkey!r}: not an Ed25519 key (0x01 || 32 bytes)")
    k = VerifierKey(name, bytes.fromhex(kid), raw[1:])
    if key_id(name, k.public) != k.key_id:
        raise BadInput(f"verifier key {vkey!r}: key ID does not match the key")
    return k


@dataclass
class Note:
    text: str
    signatures: list[tuple[str, bytes, bytes]]  # (name, key ID, signature)


def parse_note(note: str) -> Note:
    if any((ord(c) < 0x20 and c != "\n") for c in note):
        raise Failure("CHECKPOINT_MALFORMED", "control characters in the note")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Failure("CHECKPOINT_MALFORMED", "no signature block")
    text = note[: split + 1]
    sigs = []
    for line in note[split + 2 : -1].split("\n"):
        m = re.fullmatch(EM_DASH + r" (\S+) (\S+)", line)
        if not m:
            raise Failure("CHECKPOINT_MALFORMED", f"bad signature line {line!r}")
        try:
            raw = b64decode_strict(m.group(2))
        except ValueError:
            raise Failure("CHECKPOINT_MALFORMED", "signature is not base64") from None
        if len(raw) < 5:
            raise Failure("CHECKPOINT_MALFORMED", "signature too short")
        sigs.append((m.group(1), raw[:4], raw[4:]))
    if not sigs:
        raise Failure("CHECKPOINT_MALFORMED", "no signature lines")
    return Note(text, sigs)


def verify_note(note: Note, keys: list[VerifierKey]) -> list[str]:
    """Names of the trusted keys whose signatures verify; a matching line that fails rejects."""
    ok = []
    for name, kid, sig in note.signatures:
        for k in keys:
            if k.name == name and k.key_id == kid:
                if not ed25519_verify(k.public, note.text.encode("utf-8"), sig):
                    raise Failure("CHECKPOINT_SIGNATURE_INVALID", f"the signature by {name} does not verify")
                ok.append(f"{k.name}+{k.key_id.hex()}")
    if not ok:
        raise Failure("CHECKPOINT_KEY_UNKNOWN", "no signature by a trusted key")
    return ok


# ---------------------------------------------------------------------------------------------------
# Witness cosignatures and the verifier's witness policy — PROTOCOL.md §Cosignatures, §Witness policy


@dataclass
class CosignerKey:
    name: str
    key_id: bytes
    public: bytes  # 32-byte Ed25519 key


def parse_cosigner_vkey(vkey: str) -> CosignerKey:
    """name+keyid+base64(0x04 || key), key ID = SHA-256(name || 0x0A || 0x04 || key)[:4]."""
    parts = vkey.split("+", 2)
    if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise BadInput(f"cosigner key {vkey!r}: name+keyid+base64 expected")
    try:
        raw = b64decode_strict(parts[2])
    except ValueError:
        raise BadInput(f"cosigner key {vkey!r}: not base64") from None
    if len(raw) != 33 or raw[0] != 4:
        raise BadInput(f"cosigner key {vkey!r}: not a cosignature/v1 key (0x04 || 32 bytes)")
    kid = sha256(parts[0].encode("utf-8") + b"\x0a\x04" + raw[1:])[:4]
    if kid.hex() != parts[1]:
        raise BadInput(f"cosigner key {vkey!r}: key ID does not match the key")
    return CosignerKey(parts[0], kid, raw[1:])


def verified_cosigners(note: Note, keys: list[CosignerKey]) -> list[str]:
    """Names of the given cosigners whose line verifies; a failing line by a given key fails all."""
    names: list[str] = []
    for name, kid, sig in note.signatures:
        for k in keys:
            if k.name != name or k.key_id != kid:
                continue
            if len(sig) != 8 + 64:
                raise Failure("WITNESS_POLICY_UNMET", f"cosignature by {name} has the wrong length")
            ts = int.from_bytes(sig[:8], "big")
            if ts > 2**53 - 1:
                raise Failure("WITNESS_POLICY_UNMET", f"cosignature by {name} has a timestamp beyond 2^53 - 1")
            msg = f"cosignature/v1\ntime {ts}\n{note.text}".encode("utf-8")
            if not ed25519_verify(k.public, msg, sig[8:]):
                raise Failure("WITNESS_POLICY_UNMET", f"cosignature by {name} does not verify")
            if name not in names:
                names.append(name)
    return names


def check_witness_policy(note_text: str, keys: list[CosignerKey], threshold: int) -> str:
    names = verified_cosigners(parse_note(note_text), keys)
    if len(names) < threshold:
        raise Failure("WITNESS_POLICY_UNMET", f"cosigned by {len(names)} of the given witnesses, {threshold} required")
    return f"cosigned by {len(names)} witnesses: {', '.join(names)} ({threshold} required)"


@dataclass
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: list[str] = field(default_factory=list)


def parse_checkpoint_text(text: str) -> Checkpoint:
    if not text.endswith("\n"):
        raise Failure("CHECKPOINT_MALFORMED", "the text must end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[0]:
        raise Failure("CHECKPOINT_MALFORMED", "origin, size and root lines expected")
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Failure("CHECKPOINT_MALFORMED", "size is not a decimal without leading zeros")
    try:
        root = b64decode_strict(lines[2])
    except ValueError:
        raise Failure("CHECKPOINT_MALFORMED", "root is not base64") from None
    if len(root) != 32:
        raise Failure("CHECKPOINT_MALFORMED", "root is not 32 bytes")
    if any(not x for x in lines[3:]):
        raise Failure("CHECKPOINT_MALFORMED", "empty extension line")
    return Checkpoint(lines[0], int(lines[1]), root, lines[3:])


def prev_line(previous_note: str) -> str:
    return "prev " + base64.b64encode(tagged_hash("prev-checkpoint", previous_note.encode("utf-8"))).decode()


# ---------------------------------------------------------------------------------------------------
# drand: pinned chains (docs/PROTOCOL.md §Pinned chains). BLS is not verified here.

DRAND_CHAINS = {
    "quicknet": {
        "public_key": "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a577"
        "6a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
        "period": 3,
        "genesis_time": 1692803367,
        "hash": "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
        "groupHash": "f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e",
        "schemeID": "bls-unchained-g1-rfc9380",
        "metadata": {"beaconID": "quicknet"},
        "signatureBytes": 48,
    },
    "default": {
        "public_key": "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31",
        "period": 30,
        "genesis_time": 1595431050,
        "hash": "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce",
        "groupHash": "176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a",
        "schemeID": "pedersen-bls-chained",
        "metadata": {"beaconID": "default"},
        "signatureBytes": 96,
    },
}


def drand_info(chain: str) -> dict:
    return {k: v for k, v in DRAND_CHAINS[chain].items() if k != "signatureBytes"}


def drand_chain_hash(info: dict) -> str:
    beacon_id = info["metadata"]["beaconID"]
    data = (
        u32(info["period"])
        + info["genesis_time"].to_bytes(8, "big", signed=True)
        + bytes.fromhex(info["public_key"])
        + bytes.fromhex(info["groupHash"])
        + (beacon_id.encode() if beacon_id != "default" else b"")
    )
    return sha256(data).hex()


def drand_round_time(chain: str, rnd: int) -> int:
    c = DRAND_CHAINS[chain]
    return c["genesis_time"] + (rnd - 1) * c["period"]


def check_beacon_round(b: dict) -> None:
    """Everything about a drand round except the BLS pairing: sizes, the previous signature's
    presence, randomness = SHA-256(signature)."""
    chain = b.get("chain")
    if chain not in DRAND_CHAINS:
        raise Failure("BEACON_MALFORMED", f"unknown chain {chain!r}")
    sig_hex = b.get("signature", "")
    if not isinstance(sig_hex, str) or not re.fullmatch(r"([0-9a-f]{2})+", sig_hex):
        raise Failure("BEACON_MALFORMED", "signature is not hex")
    sig = bytes.fromhex(sig_hex)
    if len(sig) != DRAND_CHAINS[chain]["signatureBytes"]:
        raise Failure("BEACON_MALFORMED", f"a {chain} signature has {DRAND_CHAINS[chain]['signatureBytes']} bytes")
    prev = b.get("previousSignature")
    if chain == "default" and prev is None:
        raise Failure("BEACON_PREVIOUS_SIGNATURE_REQUIRED", "a chained round needs its previous signature")
    if chain == "quicknet" and prev is not None:
        raise Failure("BEACON_PREVIOUS_SIGNATURE_UNEXPECTED", "quicknet rounds have no previous signature")
    if chain == "default":
        want = 32 if b.get("round") == 1 else 96
        if len(bytes.fromhex(prev)) != want:
            raise Failure("BEACON_MALFORMED", f"the previous signature must have {want} bytes")
    if "randomness" in b and b["randomness"] != sha256(sig).hex():
        raise Failure("BEACON_RANDOMNESS_MISMATCH", "randomness is not SHA-256(signature)")


INSTANT = re.compile(r"(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d+))?Z")


def iso_millis(s: str, code: str = "BUNDLE_ENTRIES_INVALID") -> int:
    """PROTOCOL.md §Formats: an instant, compared at millisecond precision (further digits dropped)."""
    from datetime import date

    m = INSTANT.fullmatch(s) if isinstance(s, str) else None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        day = None
    if not m or day is None:
        raise Failure(code, f"not an ISO 8601 UTC instant: {s!r}")
    ms = int(((m.group(7) or "") + "000")[:3])
    days = day.toordinal() - date(1970, 1, 1).toordinal()
    return ((days * 24 + int(m.group(4))) * 60 + int(m.group(5))) * 60_000 + int(m.group(6)) * 1000 + ms


# PROTOCOL.md §Formats, the table: pattern (whole value) and length in code points (Python's len)
FORMATS: dict[str, tuple[str | None, tuple[int, int] | None]] = {
    "Ident": (r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", None),
    "DrawId": (r"D-[0-9]{4}-[0-9]{4,57}", None),
    "Hash32": (r"[0-9a-f]{64}", None),
    "Hex": (r"[0-9a-f]+", None),
    "RegistryNo": (r"[A-Za-z0-9-]{1,20}", None),
    "LanguageCode": (r"[a-z]{2,3}", None),
    "DirectionCode": (r"[a-z0-9][a-z0-9_-]{0,31}", None),
    # JavaScript's \S is "not WhiteSpace or LineTerminator" and its "." excludes line terminators
    "OrgKey": (None, (5, 320)),
    "EntryType": (r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", (3, 64)),
    "SubjectKind": (r"[a-z][a-z0-9_]*", (1, 32)),
    "SubjectId": (None, (1, 128)),
    "Actor": (None, (1, 128)),
    "PublicName": (None, (1, 200)),
    "WitnessName": (None, (1, 200)),
    "SourceDescription": (None, (1, 300)),
    "Reason": (None, (1, 1000)),
}
# shared/regions.ts: the ISO 3166-2:KZ codes of the regions and cities of republican significance
REGION_CODES = {"KZ-10","KZ-11","KZ-15","KZ-19","KZ-23","KZ-27","KZ-31","KZ-33","KZ-35","KZ-39","KZ-43","KZ-47","KZ-55","KZ-59","KZ-61","KZ-62","KZ-63","KZ-71","KZ-75","KZ-79"}
TRIMMED = {"WitnessName", "SourceDescription", "Reason"}
# ECMAScript String.prototype.trim: WhiteSpace and LineTerminator
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def fmt_ok(name: str, v: Any) -> bool:
    if not isinstance(v, str):
        return False
    pattern, length = FORMATS[name]
    if name in TRIMMED:
        v = v.strip(JS_SPACE)
    if name == "OrgKey":
        pattern = f"(bin:[0-9]{{12}}|name:[^{JS_SPACE}]([^\n\r\u2028\u2029]*[^{JS_SPACE}])?)"
    if pattern is not None and not re.fullmatch(pattern, v):
        return False
    return length is None or length[0] <= len(v) <= length[1]


# ---------------------------------------------------------------------------------------------------
# Bundle verification. NOT specified by docs/PROTOCOL.md yet: the bundle members, the draw entry types
# and their data, the lifecycle order, the checks' order and codes below follow shared/verify.ts.

# docs/PROTOCOL.md §Declines in the open: the closed list of public decline categories.
DECLINE_CATEGORIES = {"declined", "unavailable", "conflict_of_interest", "no_longer_eligible", "other"}

ENTRY_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # type: (required data members, optional data members)
    "draw.created": ({"drawId", "lotId", "attempt", "previousDrawIds", "draft"}, set()),
    "draw.draft_updated": ({"drawId", "draft"}, set()),
    "draw.witness_invited": ({"drawId", "witnessId", "name"}, set()),
    "draw.witness_committed": ({"drawId", "witnessId", "commitment"}, set()),
    "draw.announced": ({"drawId", "announcement", "announcementHash", "pool", "fairness"}, {"history"}),
    "draw.reveals_opened": ({"drawId"}, {"history"}),
    "draw.revealed": ({"drawId", "witnessId", "secret"}, {"history"}),
    "draw.reveal_rejected": ({"drawId", "witnessId", "secret", "code"}, {"history"}),
    "draw.reveals_closed": ({"drawId", "missing"}, {"history"}),
    "draw.beacon": (
        {"drawId", "chain", "chainHash", "round", "signature", "randomness", "source"},
        {"previousSignature", "history"},
    ),
    "draw.public_sources": ({"drawId", "values"}, {"history"}),
    "draw.result": ({"drawId", "seedInput", "seed", "result"}, {"history"}),
    # category: docs/PROTOCOL.md §Declines in the open (v2, optional)
    "draw.declined": ({"drawId", "registryNo", "steps", "result"}, {"history", "category"}),
    "draw.closed": ({"drawId"}, {"history"}),
    "draw.cancelled": ({"drawId", "reason"}, {"history"}),
}
RANK = {
    "draw.created": 0,
    "draw.draft_updated": 1,
    "draw.witness_invited": 1,
    "draw.witness_committed": 1,
    "draw.announced": 2,
    "draw.reveals_opened": 3,
    "draw.revealed": 4,
    "draw.reveal_rejected": 4,
    "draw.reveals_closed": 5,
    "draw.beacon": 6,
    "draw.public_sources": 6,
    "draw.result": 7,
    "draw.declined": 8,
    "draw.closed": 9,
    "draw.cancelled": 9,
}
REQUIRES = {
    "draw.reveals_opened": "draw.announced",
    "draw.revealed": "draw.reveals_opened",
    "draw.reveal_rejected": "draw.reveals_opened",
    "draw.reveals_closed": "draw.reveals_opened",
    "draw.beacon": "draw.reveals_closed",
    "draw.public_sources": "draw.reveals_closed",
    "draw.result": "draw.reveals_closed",
    "draw.declined": "draw.result",
    "draw.closed": "draw.result",
}
ONCE = {
    "draw.created",
    "draw.announced",
    "draw.reveals_opened",
    "draw.reveals_closed",
    "draw.beacon",
    "draw.result",
    "draw.closed",
    "draw.cancelled",
}
ENVELOPE_KEYS = {"v", "type", "at", "actor", "subject", "data"}


def _malformed(cond: bool, why: str) -> None:
    if not cond:
        raise Failure("BUNDLE_MALFORMED", why)


def check_bundle_shape(b: Any) -> None:
    members = {"version", "drawId", "log", "entries", "drand"}
    _malformed(isinstance(b, dict) and set(b) in (members, members | {"previousAttempts"}), "bundle members")
    _malformed(b["version"] == 1, "version")
    _malformed(fmt_ok("DrawId", b["drawId"]), "drawId")
    log = b["log"]
    _malformed(isinstance(log, dict) and set(log) == {"origin", "vkey", "treeSize", "checkpoint"}, "log")
    _malformed(isinstance(log["treeSize"], int) and log["treeSize"] >= 1, "log.treeSize")
    for k in ("origin", "vkey", "checkpoint"):
        _malformed(isinstance(log[k], str) and log[k] != "", f"log.{k}")
    _check_entries_shape(b["entries"], "entries")
    prev = b.get("previousAttempts", [])
    _malformed(isinstance(prev, list) and len(prev) <= 1000, "previousAttempts")
    for k, p in enumerate(prev):
        _malformed(isinstance(p, dict) and set(p) == {"drawId", "entries"}, f"previousAttempts.{k}")
        _malformed(fmt_ok("DrawId", p["drawId"]), f"previousAttempts.{k}.drawId")
        _check_entries_shape(p["entries"], f"previousAttempts.{k}.entries")
    d = b["drand"]
    _malformed(d is None or (isinstance(d, dict) and set(d) == set(drand_info("quicknet"))), "drand")


def _check_entries_shape(entries: Any, path: str) -> None:
    _malformed(isinstance(entries, list) and 1 <= len(entries) <= 10000, path)
    for i, e in enumerate(entries):
        _malformed(isinstance(e, dict) and set(e) == {"index", "entry", "proof"}, f"{path}.{i}")
        _malformed(isinstance(e["index"], int) and not isinstance(e["index"], bool) and e["index"] >= 0, f"{path}.{i}.index")
        _malformed(
            isinstance(e["proof"], list) and len(e["proof"]) <= 64 and all(isinstance(p, str) and HEX64.match(p) for p in e["proof"]),
            f"{path}.{i}.proof",
        )
        env = e["entry"]
        _malformed(isinstance(env, dict) and set(env) == ENVELOPE_KEYS, f"{path}.{i}.entry")
        _malformed(env["v"] == 1 and fmt_ok("EntryType", env["type"]), f"{path}.{i}.entry.v/type")
        _malformed(isinstance(env["subject"], dict) and set(env["subject"]) == {"kind", "id"}, f"{path}.{i}.entry.subject")
        _malformed(fmt_ok("SubjectKind", env["subject"]["kind"]) and fmt_ok("SubjectId", env["subject"]["id"]), f"{path}.{i}.entry.subject")
        _malformed(env["actor"] is None or fmt_ok("Actor", env["actor"]), f"{path}.{i}.entry.actor")
        iso_millis(env["at"], "BUNDLE_MALFORMED")


def _all(name: str, xs: Any) -> bool:
    return isinstance(xs, list) and all(fmt_ok(name, x) for x in xs)


def _quota_value_ok(q: Any) -> bool:
    """A quota's value has its category's format (PROTOCOL.md §Draw specification, §Formats)."""
    if not isinstance(q, dict):
        return False
    c, v = q.get("category"), q.get("value")
    if c == "proposedBy":
        return v in ("operator", "ngo")
    if c == "gender":
        return v in ("female", "male")
    if c == "region":
        return v in REGION_CODES
    if c == "language":
        return fmt_ok("LanguageCode", v)
    if c == "direction":
        return fmt_ok("DirectionCode", v)
    return False


def _draft_formats(draft: Any) -> bool:
    """The strings of a draft (draw.created, draw.draft_updated): the spec's, where present."""
    if not isinstance(draft, dict):
        return False
    if "quotas" in draft and not (isinstance(draft["quotas"], list) and all(_quota_value_ok(q) for q in draft["quotas"])):
        return False
    entropy = draft.get("entropy", {"publicSources": []})
    sources = entropy.get("publicSources") if isinstance(entropy, dict) else None
    return isinstance(sources, list) and all(
        isinstance(x, dict) and fmt_ok("Ident", x.get("id")) and fmt_ok("SourceDescription", x.get("description")) for x in sources
    )


def _spec_formats(spec: Any) -> bool:
    """The formats of a spec's strings, and the method's entropy rules (PROTOCOL.md §Draw specification)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("entropy"), dict):
        return False
    if not (isinstance(spec.get("quotas"), list) and all(_quota_value_ok(q) for q in spec["quotas"])):
        return False
    sources = spec["entropy"].get("publicSources")
    witnesses = spec.get("witnesses")
    if not isinstance(sources, list) or not isinstance(witnesses, list):
        return False
    if not all(isinstance(x, dict) and fmt_ok("Ident", x.get("id")) and fmt_ok("SourceDescription", x.get("description")) for x in sources):
        return False
    if not all(
        isinstance(w, dict) and fmt_ok("Ident", w.get("id")) and fmt_ok("WitnessName", w.get("name")) and fmt_ok("Hash32", w.get("commitment"))
        for w in witnesses
    ):
        return False
    drand = spec["entropy"].get("drand")
    if spec.get("method") == "rfc3797" and (not sources or drand is not None or witnesses):
        return False
    if spec.get("method") == "adal-v1" and drand is None and not sources:
        return False
    return fmt_ok("Ident", spec.get("lotId"))


def _pool_entry_formats(e: Any) -> bool:
    return (
        isinstance(e, dict)
        and fmt_ok("RegistryNo", e.get("registryNo"))
        and _all("LanguageCode", e.get("languages"))
        and _all("DirectionCode", e.get("directions"))
        and _all("OrgKey", e.get("organizations"))
        and all(fmt_ok("PublicName", e[k]) for k in ("nameKk", "nameRu") if k in e)
        and e.get("region") in REGION_CODES
    )


def data_formats(t: str, d: dict) -> bool:
    """PROTOCOL.md §Formats for the strings of one entry's data (the members were checked before)."""
    if t == "draw.created":
        return _all("DrawId", d["previousDrawIds"]) and _draft_formats(d["draft"])
    if t == "draw.draft_updated":
        return _draft_formats(d["draft"])
    if t in ("draw.witness_invited", "draw.witness_committed", "draw.revealed", "draw.reveal_rejected"):
        ok = fmt_ok("Ident", d["witnessId"])
        if t == "draw.witness_invited":
            return ok and fmt_ok("WitnessName", d["name"])
        return ok and fmt_ok("Hash32", d["commitment" if t == "draw.witness_committed" else "secret"])
    if t == "draw.reveals_closed":
        return _all("Ident", d["missing"])
    if t == "draw.beacon":
        return all(fmt_ok("Hash32", d[k]) for k in ("chainHash", "randomness")) and all(
            fmt_ok("Hex", d[k]) for k in ("signature", "previousSignature") if k in d
        )
    if t == "draw.cancelled":
        return fmt_ok("Reason", d["reason"])
    if t == "draw.announced":
        ann = d["announcement"]
        return (
            fmt_ok("Hash32", d["announcementHash"])
            and isinstance(ann, dict)
            and _spec_formats(ann.get("spec"))
            and isinstance(d["pool"], list)
            and all(_pool_entry_formats(e) for e in d["pool"])
            and isinstance(ann.get("exclusions"), list)
            and all(isinstance(x, dict) and fmt_ok("RegistryNo", x.get("registryNo")) for x in ann["exclusions"])
        )
    return True


def trim_names(t: str, d: dict) -> None:
    """Readers check the trimmed value of a WitnessName, SourceDescription or Reason (§Formats)."""
    if t == "draw.witness_invited":
        d["name"] = d["name"].strip(JS_SPACE)
    if t == "draw.cancelled":
        d["reason"] = d["reason"].strip(JS_SPACE)
    if t == "draw.announced":
        spec = d["announcement"]["spec"]
        for w in spec["witnesses"]:
            w["name"] = w["name"].strip(JS_SPACE)
        for x in spec["entropy"]["publicSources"]:
            x["description"] = x["description"].strip(JS_SPACE)


@dataclass
class History:
    created: dict | None = None
    invited: list = field(default_factory=list)
    committed: list = field(default_factory=list)
    announced: dict | None = None
    revealed: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    reveals_closed: dict | None = None
    beacon: dict | None = None
    public_sources: list = field(default_factory=list)
    result: dict | None = None
    declined: list = field(default_factory=list)
    closed: dict | None = None
    cancelled: dict | None = None
    last: str = ""
    chained: bool = False


def read_history(draw_id: str, entries: list[dict]) -> History:
    h = History()
    seen: set[str] = set()
    rank = -1
    previous = -1

    def bad(i: int, why: str) -> None:
        raise Failure("BUNDLE_ENTRIES_INVALID", f"entry {i}: {why}")

    for e in entries:
        i, env = e["index"], e["entry"]
        if i <= previous:
            bad(i, "log indices must increase")
        previous = i
        t = env["type"]
        if t not in ENTRY_KEYS:
            bad(i, f"{t} is not a draw entry type")
        if env["subject"] != {"kind": "draw", "id": draw_id}:
            bad(i, "subject is not this draw")
        data = env["data"]
        if t == "draw.announced":
            spec = data.get("announcement", {}).get("spec", {}) if isinstance(data, dict) else {}
            v = spec.get("version") if isinstance(spec, dict) else None
            if isinstance(v, int) and not isinstance(v, bool) and v not in KNOWN_VERSIONS:
                raise Failure("SPEC_VERSION_UNKNOWN", f"entry {i}: protocol version {v}")
            if isinstance(spec, dict) and any(c.field in spec and c.since > (v or 0) for c in CAPS):
                bad(i, "the spec sets a cap its version does not have")
        req, opt = ENTRY_KEYS[t]
        if not isinstance(data, dict) or not req <= set(data) <= req | opt:
            bad(i, f"{t} data members")
        if data["drawId"] != draw_id:
            bad(i, "data names another draw")
        if t == "draw.declined" and "category" in data and data["category"] not in DECLINE_CATEGORIES:
            bad(i, "decline category not in the list")
        if not data_formats(t, data):
            bad(i, f"{t} data formats")
        if t in ("draw.witness_invited", "draw.cancelled", "draw.announced"):
            # the checks read the trimmed copy; the entry itself (its leaf) stays as logged
            data = json.loads(json.dumps(data))
            trim_names(t, data)
        iso_millis(env["at"])
        if not seen and t != "draw.created":
            bad(i, "the first entry is not draw.created")
        if "draw.closed" in seen or "draw.cancelled" in seen:
            bad(i, "after the draw ended")
        if RANK[t] < rank:
            bad(i, f"{t} out of lifecycle order")
        if t in ONCE and t in seen:
            bad(i, f"a second {t}")
        if t in REQUIRES and REQUIRES[t] not in seen:
            bad(i, f"{t} before {REQUIRES[t]}")
        if t == "draw.announced" and data["announcement"].get("drawId") != draw_id:
            bad(i, "announcement.drawId differs")
        # (v2) complete histories: the link is checked after inclusion; here only its shape, and that
        # no entry of a version 1 draw (or before the announcement) carries one
        if t == "draw.announced":
            spec = data["announcement"].get("spec") if isinstance(data["announcement"], dict) else None
            v = spec.get("version") if isinstance(spec, dict) else None
            h.chained = isinstance(v, int) and not isinstance(v, bool) and v >= 2
        if "history" in data:
            link = data["history"]
            if not h.chained:
                bad(i, "history in a version 1 draw or before the announcement")
            if not (
                isinstance(link, dict)
                and set(link) == {"entries", "head"}
                and isinstance(link["entries"], int)
                and not isinstance(link["entries"], bool)
                and 0 <= link["entries"] <= 2**53 - 1
                and isinstance(link["head"], str)
                and HEX64.fullmatch(link["head"])
            ):
                bad(i, "history")
        rank = RANK[t]
        seen.add(t)
        h.last = t
        item = {"index": i, "at": env["at"], "data": data}
        attr = {
            "draw.created": "created",
            "draw.announced": "announced",
            "draw.reveals_closed": "reveals_closed",
            "draw.beacon": "beacon",
            "draw.result": "result",
            "draw.closed": "closed",
            "draw.cancelled": "cancelled",
        }.get(t)
        lists = {
            "draw.witness_invited": h.invited,
            "draw.witness_committed": h.committed,
            "draw.revealed": h.revealed,
            "draw.reveal_rejected": h.rejected,
            "draw.public_sources": h.public_sources,
            "draw.declined": h.declined,
        }
        if attr:
            setattr(h, attr, item)
        elif t in lists:
            lists[t].append(item)
    assert h.created is not None
    if h.announced and h.announced["data"]["announcement"]["spec"]["lotId"] != str(h.created["data"]["lotId"]):
        bad(h.announced["index"], "the spec names another lot")
    return h


def source_instant_ms(src: dict) -> int | None:
    """docs/PROTOCOL.md §Unpredictable by construction: a dated source's first instant (UTC+5)."""
    if "date" not in src:
        return None
    from datetime import date

    y, m, d = (int(x) for x in src["date"].split("-"))
    hh, mm = (int(x) for x in src.get("time", "00:00").split(":"))
    days = (date(y, m, d) - date(1970, 1, 1)).days
    return days * 86_400_000 + (hh * 60 + mm) * 60_000 - 5 * 3_600_000


def refuse_late_cancel(h: History, types: list[str]) -> None:
    """docs/PROTOCOL.md §No re-roll: a cancel made once the seed could be known fails check 3."""
    if not h.cancelled:
        return
    cut = types.index("draw.cancelled")
    late = any(t in ("draw.reveals_closed", "draw.beacon", "draw.public_sources", "draw.result") for t in types[:cut])
    if not late and h.announced:
        entropy = h.announced["data"]["announcement"]["spec"]["entropy"]
        times = [s for s in (source_instant_ms(p) for p in entropy.get("publicSources", [])) if s is not None]
        if "drand" in entropy:
            times.append(drand_round_time(entropy["drand"]["chain"], entropy["drand"]["round"]) * 1000)
        late = bool(times) and iso_millis(h.cancelled["at"]) >= min(times)
    if late:
        raise Failure("DRAW_RE_ROLLED", f"entry {h.cancelled['index']}: cancelled once the seed could be known")


def check_previous_attempts(b: dict, h: History) -> list[tuple[dict, History]]:
    """(v4) PROTOCOL.md §Previous attempts: check 3's part; returns the attempts for check 13."""
    listed = h.created["data"]["previousDrawIds"]
    carried = [p["drawId"] for p in b.get("previousAttempts", [])]
    version = h.announced["data"]["announcement"]["spec"]["version"] if h.announced else 0
    must = version >= PREVIOUS_ATTEMPTS_SINCE and len(listed) > 0
    if (must or carried) and carried != listed:
        raise Failure("PREVIOUS_ATTEMPTS_MISSING", f"entry {h.created['index']}: previous attempts {listed}, carried {carried}")
    out = []
    for p in b.get("previousAttempts", []):
        ph = read_history(p["drawId"], p["entries"])
        last = p["entries"][-1]["index"]
        if ph.created["data"]["lotId"] != h.created["data"]["lotId"]:
            raise Failure("PREVIOUS_ATTEMPTS_MISSING", f"entry {ph.created['index']}: another lot")
        if ph.last not in ("draw.cancelled", "draw.closed") or last > h.created["index"]:
            raise Failure("PREVIOUS_ATTEMPTS_MISSING", f"entry {last}: not the attempt's final entry")
        refuse_late_cancel(ph, [e["entry"]["type"] for e in p["entries"]])
        out.append((p, ph))
    return out


def _published(h: History) -> list[dict]:
    return [v for e in h.public_sources for v in e["data"]["values"]]


def verify_bundle(
    b: Any,
    trusted: list[VerifierKey],
    trust_bundle_key: bool,
    fairness: bool,
    policy: tuple[list[CosignerKey], int] | None = None,
) -> dict:
    """Runs the checks in order; the first failure raises BundleFailure carrying the checks so far."""
    checks: list[dict] = []
    try:
        return _verify_bundle(b, trusted, trust_bundle_key, fairness, checks, policy)
    except Failure as f:
        raise BundleFailure(f.code, f.message, checks) from None


class BundleFailure(Failure):
    def __init__(self, code: str, message: str, checks: list[dict]):
        super().__init__(code, message)
        self.checks = checks


def _verify_bundle(
    b: Any,
    trusted: list[VerifierKey],
    trust_bundle_key: bool,
    fairness: bool,
    checks: list,
    policy: tuple[list[CosignerKey], int] | None = None,
) -> dict:
    out: dict = {"ok": False, "checks": checks}

    def step(cid: str, fn):
        try:
            detail = fn()
        except Failure as f:
            checks.append({"id": cid, "ok": False, "code": f.code, "detail": f.message})
            raise
        checks.append({"id": cid, "ok": True, "detail": detail})

    def skip(cid: str, why: str):
        checks.append({"id": cid, "ok": True, "skipped": True, "detail": why})

    step("schema", lambda: check_bundle_shape(b) or f"bundle of draw {b['drawId']}")
    state: dict = {}

    def checkpoint() -> str:
        log = b["log"]
        try:
            own = parse_vkey(log["vkey"])
        except (BadInput, ValueError):
            own = None
        keys = list(trusted) + ([own] if trust_bundle_key and own else [])
        if trust_bundle_key and own is None:
            raise Failure("CHECKPOINT_KEY_MISMATCH", "the bundle's key is not a verifier key")
        note = parse_note(log["checkpoint"])
        by = verify_note(note, keys)
        cp = parse_checkpoint_text(note.text)
        if cp.origin != log["origin"] or any(cp.origin != k.name for k in keys if f"{k.name}+{k.key_id.hex()}" in by):
            raise Failure("CHECKPOINT_ORIGIN_MISMATCH", f"origin {cp.origin!r}")
        if cp.size != log["treeSize"]:
            raise Failure("CHECKPOINT_SIZE_MISMATCH", f"checkpoint size {cp.size}, bundle {log['treeSize']}")
        try:
            if own is None:
                raise Failure("x")
            verify_note(note, [own])
        except Failure:
            raise Failure("CHECKPOINT_KEY_MISMATCH", "the bundle's key did not sign its checkpoint") from None
        state["cp"] = cp
        state["by"] = by
        return f"size {cp.size}, signed by {', '.join(by)}"

    step("checkpoint", checkpoint)
    if policy is not None:  # check 2a, only under the verifier's witness policy
        step("witnesses", lambda: check_witness_policy(b["log"]["checkpoint"], policy[0], policy[1]))
    h = read_history(b["drawId"], b["entries"])
    refuse_late_cancel(h, [e["entry"]["type"] for e in b["entries"]])
    previous = check_previous_attempts(b, h)
    checks.append({"id": "entries", "ok": True, "detail": f"{len(b['entries'])} entries, up to {h.last}"})
    a = h.announced
    if a:
        ad = a["data"]
        ann = ad["announcement"]
        spec = ann["spec"]

        def pool() -> str:
            try:
                check_pool(ad["pool"], ann["pool"]["root"])
            except Failure as f:
                raise Failure(f.code, f"entry {a['index']}: {f.message}") from None
            if len(ad["pool"]) != ann["pool"]["size"]:
                raise Failure("POOL_ROOT_MISMATCH", "pool size differs from the announcement")
            return f"{len(ad['pool'])} experts, root {ann['pool']['root']}"

        def announcement() -> str:
            got = announcement_hash(ann).hex()
            if got != ad["announcementHash"]:
                raise Failure("ANNOUNCEMENT_HASH_MISMATCH", f"the announcement hashes to {got}")
            return got

        def commitments() -> str:
            invited = {e["data"]["witnessId"]: e["data"]["name"] for e in h.invited}
            committed: dict[str, str] = {}
            for e in h.committed:
                if e["data"]["witnessId"] not in invited:
                    raise Failure("COMMITMENT_MISMATCH", f"{e['data']['witnessId']} was not invited")
                committed[e["data"]["witnessId"]] = e["data"]["commitment"]
            for w in spec["witnesses"]:
                if invited.get(w["id"]) != w["name"] or committed.get(w["id"]) != w["commitment"]:
                    raise Failure("COMMITMENT_MISMATCH", f"witness {w['id']}")
            if len(spec["witnesses"]) != len(invited):
                raise Failure("COMMITMENT_MISMATCH", "an invited witness is missing from the spec")
            return f"{len(spec['witnesses'])} commitment(s)"

        def reveals() -> str:
            commits = {w["id"]: w["commitment"] for w in spec["witnesses"]}
            deadline = iso_millis(spec["revealDeadline"])
            by: set[str] = set()
            for e in h.revealed:
                wid = e["data"]["witnessId"]
                if wid not in commits or wid in by:
                    raise Failure("REVEAL_MISMATCH", f"entry {e['index']}: unexpected reveal by {wid}")
                if commitment_for(e["data"]["secret"]) != commits[wid]:
                    raise Failure("REVEAL_MISMATCH", f"entry {e['index']}: the reveal of {wid} does not match")
                if iso_millis(e["at"]) >= deadline:
                    raise Failure("REVEAL_LATE", f"entry {e['index']}: after the deadline")
                by.add(wid)
            for e in h.rejected:
                wid = e["data"]["witnessId"]
                if wid not in commits or commitment_for(e["data"]["secret"]) == commits[wid]:
                    raise Failure("REVEAL_REJECTION_INVALID", f"entry {e['index']}")
            if h.reveals_closed:
                missing = sorted((w for w in commits if w not in by), key=utf8_key)
                if missing != h.reveals_closed["data"]["missing"]:
                    raise Failure("REVEALS_MISSING_MISMATCH", f"missing reveals are {missing}")
            return f"{len(by)} of {len(commits)} revealed"

        def beacon() -> str:
            drand = spec["entropy"].get("drand")
            bc = h.beacon
            if drand is None:
                if b["drand"] is not None:
                    raise Failure("BEACON_CHAIN_MISMATCH", "the draw names no drand chain")
                if bc:
                    raise Failure("BEACON_ROUND_MISMATCH", "the draw names no drand round")
                return "the draw uses no drand round"
            if b["drand"] is None or jcs(b["drand"]) != jcs(drand_info(drand["chain"])):
                raise Failure("BEACON_CHAIN_MISMATCH", "not the pinned chain info")
            if drand_chain_hash(b["drand"]) != b["drand"]["hash"] or drand["chainHash"] != b["drand"]["hash"]:
                raise Failure("BEACON_CHAIN_MISMATCH", "chain hash")
            at = drand_round_time(drand["chain"], drand["round"]) * 1000
            if iso_millis(a["at"]) >= at or iso_millis(spec["revealDeadline"]) >= at:
                raise Failure("BEACON_ROUND_NOT_FUTURE", f"round {drand['round']} was not in the future")
            if not bc:
                if h.result:
                    raise Failure("BEACON_MISSING", f"round {drand['round']} is not in the bundle")
                return "waiting for the round"
            d = bc["data"]
            if d["chain"] != drand["chain"] or d["chainHash"] != drand["chainHash"] or d["round"] != drand["round"]:
                raise Failure("BEACON_ROUND_MISMATCH", "not the announced round")
            check_beacon_round(d)
            return f"{d['chain']} round {d['round']} (BLS signature NOT verified here), randomness {d['randomness']}"

        step("pool", pool)
        step("announcement", announcement)
        step("commitments", commitments)
        step("reveals", reveals)
        step("beacon", beacon)
    else:
        for cid in ("pool", "announcement", "commitments", "reveals"):
            skip(cid, "the draw was not announced")

        def no_beacon() -> str:
            if b["drand"] is not None:
                raise Failure("BEACON_CHAIN_MISMATCH", "chain info for a draw not announced")
            return "the draw was not announced"

        step("beacon", no_beacon)

    # check 8a (docs/PROTOCOL.md §Time line, "In a bundle"), only when the checkpoint has a line after
    # its chain line: one line, a time line, naming a round at least the draw's own quicknet round when
    # the checkpoint covers its draw.beacon entry. Its BLS signature is NOT verified here (as for
    # beacons, check 8): this reference has no pairing.
    after_chain = state["cp"].extensions
    if after_chain and after_chain[0].startswith("prev "):
        after_chain = after_chain[1:]

    def time_line() -> str:
        size = state["cp"].size
        if len(after_chain) > 1:
            raise Failure("CHECKPOINT_TIME_INVALID", f"checkpoint {size}: more extension lines than a time line")
        m = re.fullmatch(r"drand quicknet ([1-9][0-9]{0,15}) ([0-9a-f]{96})", after_chain[0])
        if not m or int(m.group(1)) > 2**53 - 1:
            raise Failure("CHECKPOINT_TIME_INVALID", f"checkpoint {size}: a malformed time line")
        rnd = int(m.group(1))
        logged = [
            e["entry"]["data"].get("round")
            for e in b["entries"]
            if e["entry"]["type"] == "draw.beacon"
            and e["index"] < size
            and e["entry"]["data"].get("chain") == "quicknet"
            and isinstance(e["entry"]["data"].get("round"), int)
        ]
        if logged and rnd < max(logged):
            raise Failure(
                "CHECKPOINT_TIME_INVALID",
                f"checkpoint {size}: its time line names round {rnd}, before round {max(logged)} of a draw.beacon entry it covers",
            )
        return f"drand quicknet round {rnd} (BLS signature NOT verified here)"

    if after_chain:
        step("time", time_line)

    if h.result:
        assert a is not None
        rd = h.result["data"]
        ann = a["data"]["announcement"]
        pool_entries = a["data"]["pool"]
        bc = h.beacon["data"] if h.beacon else None
        material = {
            "beacon": {"chainHash": bc["chainHash"], "round": bc["round"], "randomness": bc["randomness"]} if bc else None,
            "publicSources": _published(h),
            "reveals": [{"witnessId": e["data"]["witnessId"], "secret": e["data"]["secret"]} for e in h.revealed],
        }

        def seed() -> str:
            try:
                si = build_seed_input(ann, bytes.fromhex(a["data"]["announcementHash"]), material)
            except Failure as f:
                raise Failure("SEED_MISMATCH", f"the seed inputs are incomplete: {f.code}") from None
            if jcs(si) != jcs(rd["seedInput"]):
                raise Failure("SEED_MISMATCH", "seedInput differs from the logged inputs")
            s = seed_of(si)
            if s.hex() != rd["seed"]:
                raise Failure("SEED_MISMATCH", f"the seed input hashes to {s.hex()}")
            state["seed"] = s
            return s.hex()

        def selection() -> str:
            try:
                order = order_for(ann, material, state["seed"], len(pool_entries))
                d = Draw(ann["spec"], pool_entries, order, ann["spec"]["method"])
                d.walk()
            except Failure as f:
                raise Failure("RESULT_MISMATCH", f.message) from None
            if jcs(d.result()) != jcs(rd["result"]):
                raise Failure("RESULT_MISMATCH", first_difference(d.result(), rd["result"]))
            state["draw"] = d
            return f"{len(d.steps)} steps reproduced"

        def replacements() -> str:
            d: Draw = state["draw"]
            for e in h.declined:
                before = len(d.steps)
                try:
                    d.decline(e["data"]["registryNo"])
                except Failure as f:
                    raise Failure("REPLACEMENT_MISMATCH", f"entry {e['index']}: {f.code}") from None
                if jcs(d.steps[before:]) != jcs(e["data"]["steps"]) or jcs(d.result()) != jcs(e["data"]["result"]):
                    raise Failure("REPLACEMENT_MISMATCH", f"entry {e['index']}")
            state["result"] = d.result()
            return f"{len(h.declined)} decline(s) reproduced"

        step("seed", seed)
        step("selection", selection)
        step("replacements", replacements)
    else:
        for cid in ("seed", "selection", "replacements"):
            skip(cid, "the draw has not run")

    if a and fairness:

        def fair() -> str:
            ad = a["data"]
            f = ad["fairness"]
            rep = fairness_report(ad["announcement"], ad["pool"], f["k"])
            want = {
                "version": 1,
                "announcementHash": ad["announcementHash"],
                "k": f["k"],
                "poolSize": len(ad["pool"]),
                "size": ad["announcement"]["spec"]["size"],
                "uniformPercent": rep["uniformPercent"],
                "entries": rep["entries"],
            }
            if jcs(want) != jcs(f):
                raise Failure("FAIRNESS_MISMATCH", first_difference(want, f))
            return f"{f['k']} simulated draws reproduced"

        step("fairness", fair)
    else:
        skip("fairness", "not requested" if a else "the draw was not announced")

    def inclusion() -> str:
        detail = prove(b["entries"], h)
        for p, ph in previous:  # (v4) the previous attempts, under the same checkpoint
            prove(p["entries"], ph)
        return detail

    def prove(entries: list[dict], h: History) -> str:
        cp: Checkpoint = state["cp"]
        a = h.announced
        for e in entries:
            try:
                ok = verify_inclusion(
                    e["index"], cp.size, leaf_hash(jcs(e["entry"])), [bytes.fromhex(p) for p in e["proof"]], cp.root
                )
            except Failure:
                ok = False
            if not ok:
                raise Failure("INCLUSION_PROOF_INVALID", f"entry {e['index']} is not in the tree")
        detail = f"{len(entries)} entries in the tree of size {cp.size}"
        if not (h.chained and a):
            return detail
        # (v2) every entry from the announcement on commits to all the draw's entries before it
        head, linked = bytes(32), 0
        for k, e in enumerate(entries):
            link = e["entry"]["data"].get("history")
            if link is None and e["index"] >= a["index"]:
                raise Failure("HISTORY_INCOMPLETE", f"entry {e['index']} has no history")
            if link is not None:
                if link["entries"] != k or link["head"] != head.hex():
                    raise Failure("HISTORY_INCOMPLETE", f"entry {e['index']} follows other entries")
                linked += 1
            head = tagged_hash("draw-history", head + e["index"].to_bytes(8, "big") + leaf_hash(jcs(e["entry"])))
        return f"{detail}; history complete ({linked} linked)"

    step("inclusion", inclusion)
    cp = state["cp"]
    out.update(
        ok=True,
        drawId=b["drawId"],
        treeSize=cp.size,
        rootHash=cp.root.hex(),
        verifiedBy=state["by"],
        lastEvent=h.last,
        announcementHash=a["data"]["announcementHash"] if a else None,
        seed=state["seed"].hex() if "seed" in state else None,
        result=state.get("result"),
    )
    return out


def first_difference(a: Any, b: Any, path: str = "") -> str:
    if jcs_text(a) == jcs_text(b):
        return ""
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            if jcs_text(x) != jcs_text(y):
                return first_difference(x, y, f"{path}[{i}]")
        return f"{path}.length"
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if jcs_text(a.get(k)) != jcs_text(b.get(k)) or (k in a) != (k in b):
                return first_difference(a.get(k), b.get(k), f"{path}.{k}" if path else k)
    return path or "(root)"


# ---------------------------------------------------------------------------------------------------
# The worked example of docs/PROTOCOL.md, recomputed line by line


def _inner_nodes(hashes: list[bytes], first: int, out: list[str]) -> bytes:
    n = len(hashes)
    if n == 1:
        return hashes[0]
    k = 1
    while k * 2 < n:
        k *= 2
    left = _inner_nodes(hashes[:k], first, out)
    right = _inner_nodes(hashes[k:], first + k, out)
    h = node_hash(left, right)
    out.append(f"pool.node.{first}-{first + n - 1} = {h.hex()}")
    return h


def example_lines(doc: str) -> list[str]:
    m = re.search(r"^```json example-input\n(.*?)^```$", doc, re.S | re.M)
    if not m:
        raise BadInput("no example-input block")
    inp = json.loads(m.group(1))
    pool, spec = inp["pool"], inp["spec"]
    lines: list[str] = []
    leaves = []
    for i, e in enumerate(pool, 1):
        lines.append(f"pool.leaf.{i}.jcs = {jcs_text(e)}")
        leaves.append(pool_leaf_hash(e))
        lines.append(f"pool.leaf.{i}.hash = {leaves[-1].hex()}")
    root = _inner_nodes(leaves, 1, lines)
    lines.append(f"pool.root = {root.hex()}")
    for s in inp["secrets"]:
        lines.append(f"commitment.{s['witnessId']} = {commitment_for(s['secret'])}")
    ann = {
        "version": 1,
        "drawId": inp["drawId"],
        "spec": spec,
        "pool": {"root": root.hex(), "size": len(pool)},
        "exclusions": inp["exclusions"],
    }
    ah = announcement_hash(ann)
    lines.append(f"announcement.jcs = {jcs_text(ann)}")
    lines.append(f"announcement.hash = {ah.hex()}")
    si = build_seed_input(ann, ah, inp["material"])
    seed = seed_of(si)
    lines.append(f"seed.input.jcs = {jcs_text(si)}")
    lines.append(f"seed = {seed.hex()}")
    # the shuffle, traced
    n = len(pool)
    rng = CounterRng(seed)
    a = list(range(n))
    trace = []
    for i in range(n - 1):
        mm = n - i
        limit = 2**32 - (2**32 % mm)
        while True:
            if not rng.words:
                lines.append(f"rng.block.{rng.block_no} = {rng.block(rng.block_no).hex()}")
            w = rng.next_word()
            if w < limit:
                break
            trace.append(f"shuffle.{i} = uniform({mm}): word {w:08x} rejected (limit {limit})")
        j = i + w % mm
        a[i], a[j] = a[j], a[i]
        trace.append(
            f"shuffle.{i} = uniform({mm}): word {w:08x} < limit {limit}; {w} mod {mm} = {w % mm}; j = {j}; "
            f"swap a[{i}], a[{j}] → [{' '.join(str(x + 1) for x in a)}]"
        )
    lines += trace
    order = [x + 1 for x in a]
    lines.append("order = " + ", ".join(f"{p}:#{pn} {pool[pn - 1]['registryNo']}" for p, pn in enumerate(order, 1)))
    d = Draw(spec, pool, order, spec["method"])
    d.walk()
    lines += [f"step.{s['n']} = {jcs_text(s)}" for s in d.steps]
    rn = lambda xs: " ".join(pool[x]["registryNo"] for x in xs)  # noqa: E731
    lines.append(f"commission = {rn(d.commission)}")
    lines.append(f"reserves = {rn(d.reserves)}")
    for who in inp.get("declines", []):
        before = len(d.steps)
        d.decline(who)
        lines += [f"step.{s['n']} = {jcs_text(s)}" for s in d.steps[before:]]
        lines.append(f"after decline of {who}: commission = {rn(d.commission)}; reserves = {rn(d.reserves)}")
    k = inp["fairnessK"]
    lines.append(f"fairness.seed.0 = {tagged_hash('fairness', ah + u32(0)).hex()}")
    lines.append(f"fairness.seed.1 = {tagged_hash('fairness', ah + u32(1)).hex()}")
    rep = fairness_report(ann, pool, k)
    lines.append(f"fairness.uniform = {rep['uniformPercent']}")
    for e in rep["entries"]:
        flag = " FLAGGED" if e["flagged"] else ""
        lines.append(f"fairness.{e['registryNo']} = {e['count']}/{k} = {e['percent']}{flag}")
    return lines


# ---------------------------------------------------------------------------------------------------
# Ceremonies (v3) — PROTOCOL.md §Ceremonies, §Replaying a ceremony, §Worked example: a ceremony


def lot_rules(spec: dict) -> dict:
    """A version 3 lot draws by the rules of version 2; only its seed differs."""
    if spec.get("version") != 3 or spec.get("method") != "adal-v1":
        raise BadInput(f"lot {spec.get('lotId')}: a ceremony lot is version 3, method adal-v1")
    return {**spec, "version": 2}


def ceremony_hash(draw_id: str, lot_hashes: list[bytes]) -> bytes:
    return tagged_hash("ceremony", jcs({"version": 1, "drawId": draw_id, "lots": [h.hex() for h in lot_hashes]}))


def lot_seed_data(seed: bytes, i: int, lot_id: str) -> bytes:
    return seed + u32(i) + lot_id.encode("utf-8")


def lot_seed(seed: bytes, i: int, lot_id: str) -> bytes:
    return tagged_hash("lot-seed", lot_seed_data(seed, i, lot_id))


def _shared_part(spec: dict) -> bytes:
    return jcs({"entropy": spec["entropy"], "witnesses": spec["witnesses"], "revealDeadline": spec["revealDeadline"]})


def _draw_lot(spec: dict, pool: list[dict], seed: bytes, declines: list[str]) -> Draw:
    d = Draw(lot_rules(spec), pool, adal_order(seed, len(pool)), "adal-v1")
    d.walk()
    for who in declines:
        d.decline(who)
    return d


def cmd_ceremony_replay(path: str) -> dict:
    inp = _load(path)
    if not isinstance(inp, dict) or inp.get("version") != 1 or inp.get("kind") != "ceremony":
        raise BadInput("not a version 1 ceremony replay input")
    draw_id, lots = inp["drawId"], inp["lots"]
    if not 2 <= len(lots) <= 64:
        raise BadInput("a ceremony has 2 to 64 lots")
    full = [(i, lot) for i, lot in enumerate(lots) if "announcement" in lot]
    if not full:
        raise Failure("CEREMONY_INVALID", "no lot is given in full")
    ids: set[str] = set()
    first_spec = full[0][1]["announcement"]["spec"]
    for i, lot in full:
        ann = lot["announcement"]
        lot_id = ann["spec"]["lotId"]
        lot_rules(ann["spec"])
        if ann["drawId"] != draw_id:
            raise Failure("CEREMONY_INVALID", f"lot {i + 1} is announced for {ann['drawId']}")
        if lot_id in ids:
            raise Failure("CEREMONY_INVALID", f"lot {i + 1}: lot id {lot_id} repeated")
        ids.add(lot_id)
        if _shared_part(ann["spec"]) != _shared_part(first_spec):
            raise Failure("CEREMONY_INVALID", f"lot {i + 1}: entropy, witnesses or reveal deadline differ")
    hashes = []
    for lot in lots:
        if "announcement" not in lot:
            hashes.append(hex32(lot["announcementHash"], "announcementHash"))
            continue
        ann = lot["announcement"]
        if len(lot["pool"]) != ann["pool"]["size"]:
            raise Failure("POOL_SIZE_MISMATCH", f"lot {ann['spec']['lotId']}: {len(lot['pool'])} entries")
        check_pool(lot["pool"], ann["pool"]["root"])
        hashes.append(announcement_hash(ann))
    ch = ceremony_hash(draw_id, hashes)
    exp = inp.get("expected") or {}
    if "ceremonyHash" in exp and exp["ceremonyHash"] != ch.hex():
        raise Failure("ANNOUNCEMENT_HASH_MISMATCH", f"the lots give ceremony hash {ch.hex()}")
    if "beaconRound" in inp:
        br = inp["beaconRound"]
        drand = first_spec["entropy"].get("drand")
        if not drand or br.get("chain") != drand["chain"] or br.get("round") != drand["round"]:
            raise Failure("BEACON_MISMATCH", "the beacon round is not the announced one")
        check_beacon_round(br)  # BLS NOT verified: only randomness = SHA-256(signature)
        if (inp["material"].get("beacon") or {}).get("randomness") != sha256(bytes.fromhex(br["signature"])).hex():
            raise Failure("BEACON_MISMATCH", "the seed material does not use this round's randomness")
    # the seed input is a single draw's, with the ceremony hash as its announcementHash
    seed_input = build_seed_input({"spec": lot_rules(first_spec)}, ch, inp["material"])
    seed = seed_of(seed_input)
    if "seed" in exp and exp["seed"] != seed.hex():
        raise Failure("SEED_MISMATCH", f"the inputs give seed {seed.hex()}")
    out_lots = []
    for i, lot in enumerate(lots):
        if "announcement" not in lot:
            out_lots.append({"index": i, "announcementHash": hashes[i].hex(), "lotId": None, "lotSeed": None, "result": None})
            continue
        spec = lot["announcement"]["spec"]
        ls = lot_seed(seed, i, spec["lotId"])
        res = _draw_lot(spec, lot["pool"], ls, lot.get("declines", [])).result()
        lexp = lot.get("expected") or {}
        if "lotSeed" in lexp and lexp["lotSeed"] != ls.hex():
            raise Failure("SEED_MISMATCH", f"lot {i + 1}: the inputs give lot seed {ls.hex()}")
        if "result" in lexp and jcs(lexp["result"]) != jcs(res):
            raise Failure("RESULT_MISMATCH", f"lot {i + 1}: {first_difference(res, lexp['result'])}")
        out_lots.append({"index": i, "announcementHash": hashes[i].hex(), "lotId": spec["lotId"], "lotSeed": ls.hex(), "result": res})
    return {"ceremonyHash": ch.hex(), "seedInput": seed_input, "seed": seed.hex(), "lots": out_lots}


def ceremony_example_lines(doc: str) -> list[str]:
    m = re.search(r"^```json ceremony-example-input\n(.*?)^```$", doc, re.S | re.M)
    if not m:
        raise BadInput("no ceremony-example-input block")
    inp = json.loads(m.group(1))
    draw_id = inp["drawId"]
    lines = [f"commitment.{s['witnessId']} = {commitment_for(s['secret'])}" for s in inp["secrets"]]
    hashes = []
    for k, lot in enumerate(inp["lots"], 1):
        pool = lot["pool"]
        for j, e in enumerate(pool, 1):
            lines.append(f"lot.{k}.pool.leaf.{j}.hash = {pool_leaf_hash(e).hex()}")
        root = pool_root(pool).hex()
        lines.append(f"lot.{k}.pool.root = {root}")
        ann = {"version": 1, "drawId": draw_id, "spec": lot["spec"], "pool": {"root": root, "size": len(pool)}, "exclusions": lot["exclusions"]}
        lines.append(f"lot.{k}.announcement.jcs = {jcs_text(ann)}")
        hashes.append(announcement_hash(ann))
        lines.append(f"lot.{k}.announcement.hash = {hashes[-1].hex()}")
    lines.append(f"ceremony.jcs = {jcs_text({'version': 1, 'drawId': draw_id, 'lots': [h.hex() for h in hashes]})}")
    ch = ceremony_hash(draw_id, hashes)
    lines.append(f"ceremony.hash = {ch.hex()}")
    si = build_seed_input({"spec": lot_rules(inp["lots"][0]["spec"])}, ch, inp["material"])
    lines.append(f"seed.input.jcs = {jcs_text(si)}")
    seed = seed_of(si)
    lines.append(f"seed = {seed.hex()}")
    for i, lot in enumerate(inp["lots"]):
        k, pool, lot_id = i + 1, lot["pool"], lot["spec"]["lotId"]
        lines.append(f"lot.{k}.seed.data = {lot_seed_data(seed, i, lot_id).hex()}")
        ls = lot_seed(seed, i, lot_id)
        lines.append(f"lot.{k}.seed = {ls.hex()}")
        order = adal_order(ls, len(pool))
        lines.append(f"lot.{k}.order = " + ", ".join(f"{p}:#{pn} {pool[pn - 1]['registryNo']}" for p, pn in enumerate(order, 1)))
        d = Draw(lot_rules(lot["spec"]), pool, order, "adal-v1")
        d.walk()
        lines += [f"lot.{k}.step.{s['n']} = {jcs_text(s)}" for s in d.steps]
        rn = lambda xs: " ".join(pool[x]["registryNo"] for x in xs) or "(none)"  # noqa: E731
        lines.append(f"lot.{k}.commission = {rn(d.commission)}")
        lines.append(f"lot.{k}.reserves = {rn(d.reserves)}")
        for who in lot["declines"]:
            before = len(d.steps)
            d.decline(who)
            lines += [f"lot.{k}.step.{s['n']} = {jcs_text(s)}" for s in d.steps[before:]]
            lines.append(f"lot.{k} after decline of {who}: commission = {rn(d.commission)}; reserves = {rn(d.reserves)}")
        lines.append(f"lot.{k}.fairness.seed.0 = {tagged_hash('fairness', hashes[i] + u32(0)).hex()}")
        ann = {"version": 1, "drawId": draw_id, "spec": lot["spec"], "pool": {"root": pool_root(pool).hex(), "size": len(pool)}, "exclusions": lot["exclusions"]}
        rep = fairness_report(ann, pool, inp["fairnessK"], lot_rules(lot["spec"]))
        lines.append(f"lot.{k}.fairness.uniform = {rep['uniformPercent']}")
        for e in rep["entries"]:
            flag = " FLAGGED" if e["flagged"] else ""
            lines.append(f"lot.{k}.fairness.{e['registryNo']} = {e['count']}/{inp['fairnessK']} = {e['percent']}{flag}")
    return lines


# ---------------------------------------------------------------------------------------------------
# Command line


def _load(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise BadInput(f"{path}: {e}") from None


class NotBundleJson(Exception):
    """PROTOCOL.md §JSON text: the bytes are not UTF-8 JSON under its two rules."""


def _strict_pairs(pairs: list) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise NotBundleJson(f"duplicate member name {k!r}")
        out[k] = v
    return out


def _strict_int(text: str) -> int:
    if text == "-0" or abs(int(text)) > 2**53 - 1:
        raise NotBundleJson(f"number {text}")
    return int(text)


def _not_a_json_integer(text: str) -> Any:
    raise NotBundleJson(f"number {text}")


def load_bundle_text(raw: bytes) -> Any:
    """Reads a bundle's bytes: UTF-8, RFC 8259 JSON, unique member names, integers only."""
    try:
        return json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_strict_pairs,
            parse_int=_strict_int,
            parse_float=_not_a_json_integer,
            parse_constant=_not_a_json_integer,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise NotBundleJson(str(e)) from None


def expand_pool(groups: list[dict]) -> list[dict]:
    """tests/vectors/feasibility.json: `count` entries per group, registryNo prefix-0001…, pool order."""
    pool = [
        {**g["entry"], "registryNo": f"{g['prefix']}-{i:04d}"} for g in groups for i in range(1, g["count"] + 1)
    ]
    return sorted(pool, key=lambda e: e["registryNo"].encode())


def cmd_feasibility(path: str) -> dict:
    """Each case of a feasibility vector: Complete(A′, R) and the calls of the reference search."""
    out = []
    for c in _load(path)["cases"]:
        pool = expand_pool(c["poolGroups"])
        rules = Rules(c["spec"], pool)
        index = {e["registryNo"]: x for x, e in enumerate(pool)}
        a = [index[r] for r in c["accepted"]]
        r = [x for x in range(len(pool)) if x not in set(a)]
        out.append({"id": c["id"], "complete": rules.complete(a, r), "calls": rules.search_calls})
    return {"cases": out}


def cmd_malformed(path: str) -> dict:
    """tests/vectors/malformed-bundles.json: each case's text read and verified; the code it gives."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    doc = _load(path)
    with open(os.path.join(root, doc["key"]), encoding="utf-8") as f:
        keys = [parse_vkey(f.read().strip())]
    out = []
    for c in doc["cases"]:
        with open(os.path.join(root, c["base"]), encoding="utf-8") as f:
            text = f.read()
        for ed in c["edits"]:
            at = -1
            for _ in range(ed.get("occurrence", 1)):
                at = text.find(ed["find"], at + 1)
                if at < 0:
                    raise BadInput(f"{c['id']}: an edit does not apply")
            text = text[:at] + ed["replace"] + text[at + len(ed["find"]) :]
        try:
            b = load_bundle_text(text.encode("utf-8", "surrogatepass"))
            verify_bundle(b, keys, False, False)
            code = "VERIFIED"
        except NotBundleJson:
            code = "BUNDLE_NOT_JSON"
        except Failure as f:
            code = f.code
        out.append({"id": c["id"], "code": code})
    return {"cases": out}


def cmd_replay(path: str) -> dict:
    doc = _load(path)
    # a golden case ({id, input, output}) or a replay input ({version, announcement, pool, material, …})
    inp = doc["input"] if isinstance(doc, dict) and "input" in doc else doc
    if not isinstance(inp, dict) or inp.get("version") != 1:
        raise BadInput("not a version 1 replay input")
    ann, pool, material = inp["announcement"], inp["pool"], inp["material"]
    spec = ann["spec"]
    if len(pool) != ann["pool"]["size"]:
        raise Failure("POOL_SIZE_MISMATCH", f"{len(pool)} entries, announced {ann['pool']['size']}")
    check_pool(pool, ann["pool"]["root"])
    ah = announcement_hash(ann)
    if "beaconRound" in inp:
        br = inp["beaconRound"]
        drand = spec["entropy"].get("drand")
        if not drand or br.get("chain") != drand["chain"] or br.get("round") != drand["round"]:
            raise Failure("BEACON_MISMATCH", "the beacon round is not the announced one")
        check_beacon_round(br)  # BLS NOT verified: only randomness = SHA-256(signature)
        if (material.get("beacon") or {}).get("randomness") != sha256(bytes.fromhex(br["signature"])).hex():
            raise Failure("BEACON_MISMATCH", "the seed material does not use this round's randomness")
    seed_input = None
    seed = None
    if spec["method"] == "adal-v1":
        seed_input = build_seed_input(ann, ah, material)
        seed = seed_of(seed_input)
    order = order_for(ann, material, seed, len(pool))
    d = Draw(spec, pool, order, spec["method"])
    d.walk()
    for who in inp.get("declines", []):
        d.decline(who)
    res = d.result()
    exp = inp.get("expected") or {}
    if "seed" in exp and exp["seed"] != (seed.hex() if seed else None):
        raise Failure("SEED_MISMATCH", f"the inputs give seed {seed.hex() if seed else None}")
    if "result" in exp and jcs(exp["result"]) != jcs(res):
        raise Failure("RESULT_MISMATCH", first_difference(res, exp["result"]))
    return {
        "announcementHash": ah.hex(),
        "seedInput": seed_input,
        "seed": seed.hex() if seed else None,
        "orderPoolNumbers": order,
        "result": res,
    }


def cmd_rfc3797(path: str) -> dict:
    doc = _load(path)
    out = []
    for c in doc["cases"]:
        key = rfc3797_key(c["sources_as_published"])
        out.append(
            {"id": c["id"], "key": key.decode("ascii"), "selections": rfc3797_select(key, c["pool_size"], c["pool_size"])}
        )
    return {"cases": out}


def cmd_log_example(path: str) -> dict:
    v = _load(path)
    key = parse_vkey(v["vkey"])
    leaves = [leaf_hash(jcs(e["entry"])) for e in v["entries"]]
    cps = []
    previous = None
    for c in v["checkpoints"]:
        note = parse_note(c["note"])
        cp = parse_checkpoint_text(note.text)
        cps.append(
            {
                "size": cp.size,
                "root_hex": cp.root.hex(),
                "mth_hex": mth(leaves[: cp.size]).hex(),
                "verifiedBy": verify_note(note, [key]),
                "extensions": cp.extensions,
                "expectedPrev": [prev_line(previous)] if previous is not None else [],
            }
        )
        previous = c["note"]
    inc, con = v["inclusion"], v["consistency"]
    root = mth(leaves[: inc["size"]])
    return {
        "key_id_hex": key_id(key.name, key.public).hex(),
        "public_key_hex": key.public.hex(),
        "vkey": key.text,
        "canonical": [jcs_text(e["entry"]) for e in v["entries"]],
        "leaf_hash_hex": [x.hex() for x in leaves],
        "checkpoints": cps,
        "inclusion": {
            "proof_hex": [x.hex() for x in inclusion_path(inc["index"], leaves[: inc["size"]])],
            "verifies": verify_inclusion(
                inc["index"], inc["size"], leaves[inc["index"]], [bytes.fromhex(x) for x in inc["proof_hex"]], root
            ),
        },
        "consistency": {
            "proof_hex": [x.hex() for x in consistency_proof(con["from"], leaves[: con["to"]])],
            "verifies": verify_consistency(
                con["from"],
                con["to"],
                mth(leaves[: con["from"]]),
                mth(leaves[: con["to"]]),
                [bytes.fromhex(x) for x in con["proof_hex"]],
            ),
        },
    }


def cmd_merkle(path: str) -> dict:
    v = _load(path)
    c = v["classic_ct_8_leaves"]
    leaves = [leaf_hash(bytes.fromhex(x)) for x in c["leaves_hex"]]
    u = v["hashing"]["unit_vectors"]
    return {
        "unit": {
            "empty_root": mth([]).hex(),
            "leaf(empty)": leaf_hash(b"").hex(),
            "leaf('L123456')": leaf_hash(b"L123456").hex(),
            "node('N123','N456')": node_hash(b"N123", b"N456").hex(),
        },
        "unit_expected_keys": sorted(k for k in u if not k.startswith("_")),
        "roots_hex_by_size": {str(n): mth(leaves[:n]).hex() for n in range(1, len(leaves) + 1)},
        "inclusion": [
            {
                "index": p["index"],
                "tree_size": p["tree_size"],
                "proof_hex": [x.hex() for x in inclusion_path(p["index"], leaves[: p["tree_size"]])],
                "verifies": verify_inclusion(
                    p["index"],
                    p["tree_size"],
                    leaves[p["index"]],
                    [bytes.fromhex(x) for x in p["proof_hex"]],
                    mth(leaves[: p["tree_size"]]),
                ),
            }
            for p in c["inclusion"]
        ],
        "consistency": [
            {
                "size1": p["size1"],
                "size2": p["size2"],
                "proof_hex": [x.hex() for x in consistency_proof(p["size1"], leaves[: p["size2"]])],
                "verifies": verify_consistency(
                    p["size1"],
                    p["size2"],
                    mth(leaves[: p["size1"]]),
                    mth(leaves[: p["size2"]]),
                    [bytes.fromhex(x) for x in p["proof_hex"]],
                ),
            }
            for p in c["consistency"]
        ],
    }


def cmd_signed_note(path: str) -> dict:
    v = _load(path)
    out = {}
    for name in ("c2sp_signed_note_example", "go_sumdb_note_sign"):
        c = v[name]
        key = parse_vkey(c["vkey"])
        note = c.get("note") or c.get("want")
        out[name] = {"keyIdMatches": key_id(key.name, key.public) == key.key_id, "verifiedBy": verify_note(parse_note(note), [key])}
    return out


def drand_message(chain: str, rnd: int, previous_signature_hex: str | None) -> bytes:
    """The 32 bytes the BLS signature signs (docs/PROTOCOL.md §The signed message)."""
    if chain == "quicknet":
        return sha256(u64(rnd))
    return sha256(bytes.fromhex(previous_signature_hex or "") + u64(rnd))


def cmd_drand(path: str) -> dict:
    """A recorded-rounds fixture: chain hash from the info, pinned info, and per round the signed
    message, the round time and randomness = SHA-256(signature). No BLS pairing."""
    v = _load(path)
    chain = v["chain"]
    rounds = []
    for r in v["rounds"]:
        prev = r.get("previous_signature")
        b = {"chain": chain, "round": r["round"], "signature": r["signature"], "randomness": r["randomness"]}
        if prev is not None:
            b["previousSignature"] = prev
        try:
            check_beacon_round(b)
            ok = True
        except Failure:
            ok = False
        rounds.append(
            {
                "round": r["round"],
                "randomness": sha256(bytes.fromhex(r["signature"])).hex(),
                "checks": ok,
                "message": drand_message(chain, r["round"], prev).hex(),
                "time": drand_round_time(chain, r["round"]),
            }
        )
    return {
        "chain": chain,
        "chainHash": drand_chain_hash(v["info"]),
        "pinned": drand_info(chain),
        "pinnedChainHash": drand_chain_hash(drand_info(chain)),
        "rounds": rounds,
    }


def main(argv: list[str]) -> int:
    usage = "usage: adal_ref.py replay|ceremony-replay|verify-bundle|rfc3797|log-example|merkle|signed-note|drand|example|ceremony-example FILE [options]"
    if len(argv) < 2:
        print(usage, file=sys.stderr)
        return 2
    cmd, path, rest = argv[0], argv[1], argv[2:]
    try:
        if cmd == "replay":
            out = cmd_replay(path)
        elif cmd == "verify-bundle":
            keys = [parse_vkey(rest[i + 1]) for i, x in enumerate(rest) if x == "--key" and i + 1 < len(rest)]
            trust = "--trust-bundle-key" in rest
            if not keys and not trust:
                raise BadInput("give --key VKEY (or --trust-bundle-key)")
            witnesses = [parse_cosigner_vkey(rest[i + 1]) for i, x in enumerate(rest) if x == "--witness" and i + 1 < len(rest)]
            given = [rest[i + 1] for i, x in enumerate(rest) if x == "--witness-threshold" and i + 1 < len(rest)]
            policy = None
            if witnesses or given:
                if not witnesses or len({(k.name, k.key_id, k.public) for k in witnesses}) != len(witnesses):
                    raise BadInput("a witness policy needs distinct --witness keys")
                k = int(given[0]) if given and re.fullmatch(r"[1-9][0-9]{0,5}", given[0]) else (len(witnesses) if not given else 0)
                if not 1 <= k <= len(witnesses):
                    raise BadInput(f"--witness-threshold must be from 1 to {len(witnesses)}")
                policy = (witnesses, k)
            try:
                with open(path, "rb") as f:
                    doc = load_bundle_text(f.read())
            except NotBundleJson as e:
                print(json.dumps({"ok": False, "code": "BUNDLE_NOT_JSON", "message": str(e)}))
                print(f"adal_ref: BUNDLE_NOT_JSON: {e}", file=sys.stderr)
                return 2
            try:
                out = verify_bundle(doc, keys, trust, "--no-fairness" not in rest, policy)
            except BundleFailure as e:
                print(json.dumps({"ok": False, "code": e.code, "message": e.message, "checks": e.checks}, ensure_ascii=False))
                print(f"adal_ref: {e.code}: {e.message}", file=sys.stderr)
                return 1
        elif cmd == "rfc3797":
            out = cmd_rfc3797(path)
        elif cmd == "feasibility":
            out = cmd_feasibility(path)
        elif cmd == "malformed":
            out = cmd_malformed(path)
        elif cmd == "log-example":
            out = cmd_log_example(path)
        elif cmd == "merkle":
            out = cmd_merkle(path)
        elif cmd == "signed-note":
            out = cmd_signed_note(path)
        elif cmd == "drand":
            out = cmd_drand(path)
        elif cmd == "example":
            with open(path, encoding="utf-8") as f:
                out = {"lines": example_lines(f.read())}
        elif cmd == "ceremony-example":
            with open(path, encoding="utf-8") as f:
                out = {"lines": ceremony_example_lines(f.read())}
        elif cmd == "ceremony-replay":
            out = cmd_ceremony_replay(path)
        else:
            print(usage, file=sys.stderr)
            return 2
    except BadInput as e:
        print(f"adal_ref: {e}", file=sys.stderr)
        return 2
    except Failure as e:
        print(json.dumps({"ok": False, "code": e.code, "message": e.message}, ensure_ascii=False))
        print(f"adal_ref: {e.code}: {e.message}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, ValueError) as e:
        print(f"adal_ref: invalid input: {e!r}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
