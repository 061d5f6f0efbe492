#include "core/data/dataset.h"
#include "core/common/enum_names.h"

#include <algorithm>

namespace persona::data {

namespace {
constexpr EnumName<DatasetFormat> kDatasetFormatNames[] = {
    {DatasetFormat::RecBole, "recbole"},   {DatasetFormat::MovieLens100K, "ml-100k"}, {DatasetFormat::MovieLens1M, "ml-1m"},
    {DatasetFormat::MovieLensCsv, "ml-csv"}, {DatasetFormat::JsonLines, "jsonl"}};
} // namespace

const char* datasetFormatName(DatasetFormat format)
{
    return enumName(kDatasetFormatNames, format);
}

std::size_t Dataset::ratingCount() const
{
    std::size_t n = 0;
    for (const User& u : users)
        n += u.history.size();
    return n;
}

std::optional<std::size_t> Dataset::findUser(std::string_view key) const
{
    for (std::size_t i = 0; i < users.size(); ++i) {
        if (users[i].key == key)
            return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> Dataset::findGenre(std::string_view name) const
{
    auto it = std::lower_bound(genres.begin(), genres.end(), name,
                               [](const std::string& a, std::string_view b) { return a < b; });
    if (it != genres.end() && *it == name)
        return static_cast<std::size_t>(it - genres.begin());
    return std::nullopt;
}

double Dataset::popularityQuantile(double q) const
{
    if (items.empty())
        return 0.0;
    std::vector<std::uint32_t> pop;
    pop.reserve(items.size());
    for (const Item& item : items)
        pop.push_back(item.popularity);
    std::sort(pop.begin(), pop.end());
    q = std::clamp(q, 0.0, 1.0);
    const double pos = q * static_cast<double>(pop.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, pop.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return static_cast<double>(pop[lo]) + frac * (static_cast<double>(pop[hi]) - static_cast<double>(pop[lo]));
}

} // namespace persona::data
