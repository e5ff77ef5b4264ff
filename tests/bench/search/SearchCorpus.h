#pragma once
// The data bench-search searches: the real rows of the project's data files, and a directory of
// any size made from them by replication. Replicas are synthetic (sample = true, source says so):
// a real row's name with a "cơ sở N" suffix (and, every other copy, a real street name from the
// data), at a real street of the row's own address in a real 2025 ward. No replica is a real
// facility; only their words are real, so the token statistics stay those of the real data.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "directory/DirectoryEntry.h"

namespace kiosk::bench {

struct CorpusFile {
    std::string name;             // file name, e.g. "wards_2025.csv"
    std::filesystem::path path;   // where it was read from
    std::size_t rows = 0;         // entries taken from it
};

struct Corpus {
    std::vector<DirectoryEntry> real;      // one entry per usable source row, in file order
    std::vector<std::string> wardNames;    // "Phường Tân Định", ...: the 2025 wards
    std::vector<std::string> streetNames;  // "Trương Định", ...: street names seen in addresses
    std::vector<CorpusFile> files;         // files read
    std::vector<std::string> missing;      // files looked for and not found
};

// Reads every known data file found in `dataDirs` (first directory that has the file wins; each
// directory is also searched one level down, as /work/shared/data keeps files in subfolders).
// Throws std::runtime_error if fewer than 1,000 real rows, or no ward list, were found.
Corpus loadCorpus(const std::vector<std::filesystem::path>& dataDirs);

// `count` entries: the real rows first, then synthetic replicas, interleaved so every stretch of
// rowids mixes the groups as the real data does. Deterministic: the same count gives the same
// entries.
std::vector<DirectoryEntry> replicate(const Corpus& corpus, std::size_t count);

// Code points of a UTF-8 string, as byte lengths of its prefixes: codePointEnds(s)[k] is the
// byte length of the first k+1 code points. A keystroke adds one code point.
std::vector<std::size_t> codePointEnds(const std::string& utf8);

}  // namespace kiosk::bench
