"""Words English puts for one another, from WordNet.

A reprint or a paraphrase often puts one word for another that means the
same ("kidnapped" / "abducted", "unveiled" / "revealed", "quit" /
"resigned"); a hard negative puts a word for another thing ("finance" /
"foreign minister"). A hand-kept list of a desk's synonyms covers only what
someone has seen; WordNet covers the language.

Only a word's common senses count, in the part of speech it mostly has: a
rare sense links words that, in news copy, name other things ("father" /
"mother" share only the verb "to sire"; "president" / "chairman" only a
fourth sense of "president"). The table `claims/data/wordnet_synonyms.txt`
is built from Princeton WordNet 3.0 (licence in `claims/data/WORDNET_LICENSE`)
by `python -m claims.synonyms /usr/share/wordnet > claims/data/wordnet_synonyms.txt`
(Debian's `wordnet-base` puts the database there) and ships in the repository,
so matching needs no download.

The table also holds the adjectives WordNet gives as opposites ("larger" /
"smaller", "public" / "private"), in a common sense of both: a hard
negative often puts one for the other in otherwise the same words.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "wordnet_synonyms.txt"

# The senses of a word that count: its most frequent ones.
COMMON_SENSES = 3
# A part of speech a word has less than a quarter as often as its most common
# one ("to father") does not count.
RARE_PART_OF_SPEECH = 4

HEADER = (
    "# Built from Princeton WordNet 3.0 by `python -m claims.synonyms /usr/share/wordnet`; "
    "licence: WORDNET_LICENSE."
)

_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Sense keys number the parts of speech; 5 is an adjective "satellite".
_SENSE_KEY_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}

# WordNet's own rules for the base form of an inflected word ("morphy").
_DETACHMENTS = {
    "n": [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ],
    "v": [
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


def _tagged_counts(dict_dir: Path) -> dict[tuple[str, str], int]:
    """How often each lemma was seen in each part of speech in WordNet's
    tagged corpus."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    with open(dict_dir / "cntlist.rev", encoding="latin-1") as lines:
        for line in lines:
            key, _sense, count = line.split()
            lemma, rest = key.split("%", 1)
            counts[lemma.lower(), _SENSE_KEY_POS[rest[0]]] += int(count)
    return counts


def _senses(dict_dir: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(lemma, part of speech, synset offsets from the most frequent sense)."""
    for pos, name in _POS_FILES.items():
        with open(dict_dir / f"index.{name}", encoding="latin-1") as lines:
            for line in lines:
                if line.startswith(" "):
                    continue
                fields = line.split()
                lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
                offsets = fields[6 + pointer_count :]
                assert len(offsets) == synset_count, line
                yield lemma, pos, offsets


def build(dict_dir: Path, common_senses: int = COMMON_SENSES) -> str:
    """The table: one line a group of synonyms ("v kidnap abduct snatch"),
    then the irregular forms of its words ("= struck strike")."""
    counts = _tagged_counts(dict_dir)
    senses = list(_senses(dict_dir))
    seen_in: dict[str, dict[str, int]] = defaultdict(dict)
    for lemma, pos, _offsets in senses:
        seen_in[lemma][pos] = counts.get((lemma, pos), 0)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lemma, pos, offsets in senses:
        if "_" in lemma or not lemma.isalpha():
            continue  # phrases, names with digits and hyphenated words
        by_pos = seen_in[lemma]
        if by_pos[pos] * RARE_PART_OF_SPEECH < max(by_pos.values()):
            continue  # a part of speech the word seldom has
        for offset in offsets[:common_senses]:
            groups[pos, offset].append(lemma)
    lines = sorted(
        f"{pos} {' '.join(sorted(set(lemmas)))}"
        for (pos, _offset), lemmas in groups.items()
        if len(set(lemmas)) > 1
    )
    opposites = sorted(f"! {x} {y}" for x, y in _antonyms(dict_dir, groups))
    grouped = {word for line in lines + opposites for word in line.split()[1:]}
    irregular = set()
    for name in _POS_FILES.values():
        with open(dict_dir / f"{name}.exc", encoding="latin-1") as exceptions:
            for line in exceptions:
                form, *bases = line.split()
                irregular.update(f"= {form} {base}" for base in bases if base in grouped)
    return "\n".join([HEADER, *lines, *opposites, *sorted(irregular)]) + "\n"


def _antonyms(dict_dir: Path, common: dict[tuple[str, str], list[str]]) -> set[tuple[str, str]]:
    """Adjectives WordNet gives as each other's opposite ("large" / "small",
    "public" / "private") in a common sense of both; `common` holds the words
    of each (part of speech, synset) that count. Adjectives only: a verb's
    opposite in news copy is as often an idiom ("comes with" / "went to") as
    another fact, and the verbs that turn a fact round ("rose" / "fell") are
    the matcher's own list."""
    # Each synset by its offset: its words, and the antonym pointers of each
    # (source word number, target synset, target word number).
    synsets: dict[str, tuple[list[str], list[tuple[int, str, int]]]] = {}
    with open(dict_dir / "data.adj", encoding="latin-1") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split(" | ", 1)[0].split()
            word_count = int(fields[3], 16)
            words = [_lemma(fields[4 + 2 * i]) for i in range(word_count)]
            at = 4 + 2 * word_count
            pointers = [fields[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(int(fields[at]))]
            antonyms = [
                (int(numbers[:2], 16), target, int(numbers[2:], 16))
                for symbol, target, _target_pos, numbers in pointers
                if symbol == "!"
            ]
            synsets[fields[0]] = (words, antonyms)
    pairs: set[tuple[str, str]] = set()
    for offset, (words, antonyms) in synsets.items():
        for source, target, goal in antonyms:
            word, opposite = words[source - 1], synsets[target][0][goal - 1]
            if word in common.get(("a", offset), ()) and opposite in common.get(("a", target), ()):
                pairs.add((min(word, opposite), max(word, opposite)))
    return pairs


def _lemma(written: str) -> str:
    """A data file's word without its adjective marker ("galore(ip)")."""
    return written.split("(", 1)[0].lower()


class Synonyms:
    def __init__(self, lines: Iterable[str]) -> None:
        self._groups: dict[str, set[int]] = defaultdict(set)
        self._irregular: dict[str, set[str]] = defaultdict(set)
        self._opposites: dict[str, set[str]] = defaultdict(set)
        for number, line in enumerate(lines):
            if line.startswith("#") or not line.strip():
                continue
            kind, *words = line.split()
            if kind == "=":
                self._irregular[words[0]].add(words[1])
            elif kind == "!":
                self._opposites[words[0]].add(words[1])
                self._opposites[words[1]].add(words[0])
            else:
                for word in words:
                    self._groups[word].add(number)

    @lru_cache(maxsize=65536)  # noqa: B019 - one table per process
    def _bases(self, word: str) -> frozenset[str]:
        bases = {word} | self._irregular.get(word, set())
        for rules in _DETACHMENTS.values():
            for ending, replacement in rules:
                if word.endswith(ending) and len(word) > len(ending) + 2:
                    bases.add(word[: -len(ending)] + replacement)
        return frozenset(base for base in bases if base in self._groups or base in self._opposites)

    @lru_cache(maxsize=65536)  # noqa: B019 - one table per process
    def groups(self, word: str) -> frozenset[int]:
        return frozenset().union(*(self._groups[base] for base in self._bases(word.lower())))

    def alike(self, x: str, y: str) -> bool:
        """Whether two words (as written, inflected or not) share a common
        sense."""
        return x != y and bool(self.groups(x) & self.groups(y))

    def same_word(self, x: str, y: str) -> bool:
        """Whether two written words are forms of one ("left" / "leaving")."""
        return x == y or bool(self._bases(x.lower()) & self._bases(y.lower()))

    def opposed(self, x: str, y: str) -> bool:
        """Whether WordNet gives the two words (as written, inflected or
        not) as opposites in a common sense of each: "larger" / "smaller"."""
        bases_y = self._bases(y.lower())
        return any(self._opposites.get(base, set()) & bases_y for base in self._bases(x.lower()))


@cache
def table() -> Synonyms:
    with open(TABLE, encoding="utf-8") as lines:
        return Synonyms(lines)


def alike(x: str, y: str) -> bool:
    return table().alike(x, y)


def opposed(x: str, y: str) -> bool:
    return table().opposed(x, y)


def same_word(x: str, y: str) -> bool:
    return table().same_word(x, y)


if __name__ == "__main__":
    sys.stdout.write(build(Path(sys.argv[1]), *map(int, sys.argv[2:3])))
