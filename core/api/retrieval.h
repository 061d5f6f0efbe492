// Retrieval sampling for the front ends (torch-free): the vectors data::HistorySampler needs for
// strategy Retrieval, computed with the sentence encoder exactly as a run computes them, so the
// Data view and `persona data user` show the items a run with data.sampling retrieval reads.
// Leaves out the choice of items (core/data/sampling.h).
#pragma once

#include "core/data/sampling.h"

#include <memory>
#include <string>

namespace persona::api {

// task: "genres" (the genres' descriptions are the queries) or "next-item" (the recent items);
// encoderPath "" = the default all-MiniLM-L6-v2 (models.h); cacheDir "" = no embedding cache.
// Throws ConfigError for another task, the loaders' errors naming the encoder's file.
std::shared_ptr<const data::RetrievalIndex> retrievalIndex(const data::Dataset& ds, const std::string& task = "genres",
                                                           const std::string& encoderPath = {},
                                                           const std::string& cacheDir = {});

} // namespace persona::api
