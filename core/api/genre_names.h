// The names of a dataset's genre indices, in the given order (the indices come
// from the dataset's own vocabulary; an index past it throws std::out_of_range). Internal to core/api.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::api {

inline std::vector<std::string> genreNames(const data::Dataset& ds, const std::vector<std::uint16_t>& ids)
{
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (auto g : ids)
        out.push_back(ds.genres.at(g));
    return out;
}

} // namespace persona::api
