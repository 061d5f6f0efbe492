#include "core/data/sampling.h"

#include "core/common/error.h"
#include "core/data/rng.h"
#include "core/common/enum_names.h"

#include <algorithm>
#include <numeric>

namespace persona::data {

namespace {
constexpr EnumName<SamplingStrategy> kSamplingNames[] = {
    {SamplingStrategy::Recency, "recency"},
    {SamplingStrategy::Random, "random"},
    {SamplingStrategy::LongTail, "long-tail", {"longtail"}},
    {SamplingStrategy::TopKPopularity, "top-k", {"topk", "top-k-popularity"}},
    {SamplingStrategy::GenreSample, "genre", {"genre-sample"}}};
} // namespace

const char* samplingName(SamplingStrategy strategy)
{
    return enumName(kSamplingNames, strategy);
}

SamplingStrategy parseSampling(const std::string& name)
{
    if (const auto s = enumFromName(kSamplingNames, name))
        return *s;
    throw ConfigError("unknown sampling strategy '" + name + "' (expected " + enumChoices(kSamplingNames) + ")");
}

std::vector<SamplingStrategy> allSamplingStrategies()
{
    return enumValues(kSamplingNames);
}

HistorySampler::HistorySampler(const Dataset& ds, const SamplerConfig& config)
    : m_ds(ds), m_longTailCut(ds.popularityQuantile(config.longTailQuantile))
{
}

namespace {

// n positions drawn uniformly without replacement from candidates (partial Fisher-Yates).
std::vector<std::size_t> uniformPick(std::vector<std::size_t> candidates, std::size_t n, Rng& rng)
{
    n = std::min(n, candidates.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng.below(candidates.size() - i));
        std::swap(candidates[i], candidates[j]);
    }
    candidates.resize(n);
    return candidates;
}

std::vector<std::size_t> genreSample(const Dataset& ds, const User& user, std::size_t n, Rng& rng)
{
    const std::size_t h = user.history.size();
    std::vector<double> density(ds.genres.size(), 0.0);
    std::vector<std::vector<std::size_t>> byGenre(ds.genres.size());
    std::vector<std::size_t> noGenre;
    for (std::size_t pos = 0; pos < h; ++pos) {
        const Item& item = ds.items[user.history[pos].item];
        if (item.genres.empty())
            noGenre.push_back(pos);
        for (auto g : item.genres) {
            density[g] += 1.0;
            byGenre[g].push_back(pos);
        }
    }
    std::vector<char> taken(h, 0);
    std::vector<std::size_t> out;
    // Drops taken positions of genre g; true when some remain.
    auto available = [&](std::size_t g) {
        auto& list = byGenre[g];
        list.erase(std::remove_if(list.begin(), list.end(), [&](std::size_t p) { return taken[p] != 0; }), list.end());
        return !list.empty();
    };
    while (out.size() < n) {
        double total = 0.0;
        for (std::size_t g = 0; g < density.size(); ++g) {
            if (density[g] > 0 && available(g))
                total += density[g];
            else
                density[g] = 0.0;
        }
        if (total <= 0.0)
            break;
        double r = rng.uniform() * total;
        std::size_t chosen = density.size();
        for (std::size_t g = 0; g < density.size(); ++g) {
            if (density[g] <= 0.0)
                continue;
            chosen = g;
            if (r < density[g])
                break;
            r -= density[g];
        }
        auto& list = byGenre[chosen];
        const std::size_t pos = list[static_cast<std::size_t>(rng.below(list.size()))];
        taken[pos] = 1;
        out.push_back(pos);
    }
    if (out.size() < n) {
        auto rest = uniformPick(noGenre, n - out.size(), rng);
        out.insert(out.end(), rest.begin(), rest.end());
    }
    return out;
}

} // namespace

std::vector<std::size_t> HistorySampler::sample(const User& user, SamplingStrategy strategy, std::size_t n,
                                                std::uint64_t seed) const
{
    const std::size_t h = user.history.size();
    std::vector<std::size_t> out;
    Rng rng(deriveSeed(seed, user.key));
    switch (strategy) {
    case SamplingStrategy::Recency:
        for (std::size_t pos = h - std::min(n, h); pos < h; ++pos)
            out.push_back(pos);
        break;
    case SamplingStrategy::Random: {
        std::vector<std::size_t> all(h);
        std::iota(all.begin(), all.end(), std::size_t(0));
        out = uniformPick(std::move(all), n, rng);
        break;
    }
    case SamplingStrategy::LongTail: {
        std::vector<std::size_t> tail;
        for (std::size_t pos = 0; pos < h; ++pos) {
            if (static_cast<double>(m_ds.items[user.history[pos].item].popularity) < m_longTailCut)
                tail.push_back(pos);
        }
        out = uniformPick(std::move(tail), n, rng);
        break;
    }
    case SamplingStrategy::TopKPopularity: {
        std::vector<std::size_t> all(h);
        std::iota(all.begin(), all.end(), std::size_t(0));
        std::stable_sort(all.begin(), all.end(), [&](std::size_t a, std::size_t b) {
            const auto pa = m_ds.items[user.history[a].item].popularity;
            const auto pb = m_ds.items[user.history[b].item].popularity;
            if (pa != pb)
                return pa > pb;
            return a > b;
        });
        all.resize(std::min(n, h));
        out = std::move(all);
        break;
    }
    case SamplingStrategy::GenreSample:
        out = genreSample(m_ds, user, std::min(n, h), rng);
        break;
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace persona::data
