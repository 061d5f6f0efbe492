// Opens a ratings dataset from a folder or file and detects its format: RecBole atomic files,
// GroupLens ml-100k / ml-1m / ml-latest (CSV), or a JSON Lines history file (docs/data.md).
// Parsing streams line by line; only the resulting Dataset is kept. Leaves out the genre task.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace persona::data {

struct LoadOptions {
    // Items with fewer ratings are dropped (PERSOMA: 20). 0 keeps every item, even unrated ones.
    std::uint32_t minItemRatings = 20;
    // Strict: the first malformed line throws FormatError. Otherwise such lines are skipped and
    // counted in Dataset::report (with the first few reasons in report.messages).
    bool strict = false;
    // Also read ml-latest tags.csv when present.
    bool readTags = true;
};

// The format of path (folder or file), or throws ConfigError naming what was looked for.
DatasetFormat detectFormat(const std::string& path);

// Turns a dataset argument into a path: an existing path is kept; a bare name such as "ml-100k"
// becomes dataDir/<name> when that exists. Throws ConfigError otherwise.
std::string resolveDatasetPath(const std::string& spec, const std::string& dataDir);

// Reads the dataset at path. Throws IoError (missing or unreadable file), FormatError (malformed
// content in strict mode, a bad header, an empty file, or no rating left after filtering; the
// message names the file and line) or ConfigError (unknown format). Never returns an empty dataset.
Dataset loadDataset(const std::string& path, const LoadOptions& options = {});

} // namespace persona::data
