#include "core/data/user_split.h"

#include "core/common/error.h"
#include "core/data/rng.h"
#include "core/common/enum_names.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace persona::data {

namespace {
constexpr EnumName<Split> kSplitNames[] = {
    {Split::Train, "train"}, {Split::Validation, "validation", {"val", "valid"}}, {Split::Test, "test"}};
} // namespace

const char* splitName(Split split)
{
    return enumName(kSplitNames, split);
}

Split parseSplit(const std::string& name)
{
    if (const auto s = enumFromName(kSplitNames, name))
        return *s;
    throw ConfigError("unknown split '" + name + "' (expected " + enumChoices(kSplitNames) + ")");
}

nlohmann::json SplitConfig::toJson() const
{
    return {{"seed", seed}, {"train", train}, {"validation", validation}, {"test", test}, {"only_labeled", onlyLabeled}};
}

SplitConfig SplitConfig::fromJson(const nlohmann::json& j)
{
    SplitConfig c;
    try {
        c.seed = j.at("seed").get<std::uint64_t>();
        c.train = j.at("train").get<double>();
        c.validation = j.at("validation").get<double>();
        c.test = j.at("test").get<double>();
        c.onlyLabeled = j.value("only_labeled", true);
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(std::string("split config: ") + e.what());
    }
    return c;
}

const std::vector<std::size_t>& UserSplit::part(Split split) const
{
    switch (split) {
    case Split::Train: return train;
    case Split::Validation: return validation;
    case Split::Test: return test;
    }
    return test;
}

UserSplit splitUsers(const Dataset& ds, const SplitConfig& config, const LabelConfig& labels)
{
    const double sum = config.train + config.validation + config.test;
    if (config.train < 0 || config.validation < 0 || config.test < 0 || std::abs(sum - 1.0) > 1e-6)
        throw ConfigError("split fractions must be >= 0 and sum to 1 (train " + std::to_string(config.train) +
                          ", validation " + std::to_string(config.validation) + ", test " + std::to_string(config.test) + ")");
    std::vector<std::size_t> users;
    for (std::size_t i = 0; i < ds.users.size(); ++i) {
        if (!config.onlyLabeled || !genreLabels(ds, ds.users[i], labels).empty())
            users.push_back(i);
    }
    std::sort(users.begin(), users.end(), [&](std::size_t a, std::size_t b) { return ds.users[a].key < ds.users[b].key; });
    Rng rng(config.seed);
    rng.shuffle(users);
    const std::size_t n = users.size();
    const auto nTest = std::min(n, static_cast<std::size_t>(std::llround(static_cast<double>(n) * config.test)));
    const auto nVal = std::min(n - nTest, static_cast<std::size_t>(std::llround(static_cast<double>(n) * config.validation)));
    UserSplit split;
    split.test.assign(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(nTest));
    split.validation.assign(users.begin() + static_cast<std::ptrdiff_t>(nTest),
                            users.begin() + static_cast<std::ptrdiff_t>(nTest + nVal));
    split.train.assign(users.begin() + static_cast<std::ptrdiff_t>(nTest + nVal), users.end());
    for (auto* part : {&split.train, &split.validation, &split.test})
        std::sort(part->begin(), part->end());
    return split;
}

} // namespace persona::data
