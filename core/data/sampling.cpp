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
    {SamplingStrategy::GenreSample, "genre", {"genre-sample"}},
    {SamplingStrategy::Retrieval, "retrieval", {"rag"}}};
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
    case SamplingStrategy::Retrieval:
        out = retrieve(user, std::min(n, h));
        break;
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::size_t> HistorySampler::retrieve(const User& user, std::size_t n) const
{
    if (n == 0 || user.history.empty())
        return {}; // nothing to choose from, as for every strategy
    if (!m_retrieval)
        throw ConfigError("retrieval sampling needs the item vectors of the history encoder (none were computed for " +
                          m_ds.source + ")");
    const RetrievalIndex& r = *m_retrieval;
    if (r.dim == 0 || r.items.size() != m_ds.items.size() * r.dim || r.queries.size() % r.dim != 0)
        throw ConfigError("retrieval sampling: the item vectors (" + std::to_string(r.items.size()) + " values of width " +
                          std::to_string(r.dim) + ") do not fit the " + std::to_string(m_ds.items.size()) + " items of " +
                          m_ds.source);
    const std::size_t h = user.history.size();
    auto dot = [&](const float* a, const float* b) {
        double s = 0.0;
        for (std::size_t k = 0; k < r.dim; ++k)
            s += static_cast<double>(a[k]) * b[k];
        return s;
    };
    auto itemVector = [&](std::size_t pos) { return r.items.data() + user.history[pos].item * r.dim; };
    // Closest first; among equals the more recent (the later position) first.
    auto byScore = [](const std::vector<double>& score) {
        std::vector<std::size_t> order(score.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (score[a] != score[b])
                return score[a] > score[b];
            return a > b;
        });
        return order;
    };
    std::vector<std::size_t> out;
    if (r.queries.empty()) {
        std::vector<float> query(r.dim, 0.0f);
        const std::size_t recent = std::min(std::max<std::size_t>(r.recentItems, 1), h);
        for (std::size_t pos = h - recent; pos < h; ++pos)
            for (std::size_t k = 0; k < r.dim; ++k)
                query[k] += itemVector(pos)[k];
        std::vector<double> score(h);
        for (std::size_t pos = 0; pos < h; ++pos)
            score[pos] = dot(itemVector(pos), query.data());
        out = byScore(score);
        out.resize(n);
        return out;
    }
    const std::size_t q = r.queries.size() / r.dim;
    std::vector<std::vector<std::size_t>> ranked(q);
    std::vector<double> best(q);
    for (std::size_t j = 0; j < q; ++j) {
        std::vector<double> score(h);
        for (std::size_t pos = 0; pos < h; ++pos)
            score[pos] = dot(itemVector(pos), r.queries.data() + j * r.dim);
        ranked[j] = byScore(score);
        best[j] = score[ranked[j].front()];
    }
    const std::vector<std::size_t> turns = byScore(best);
    std::vector<char> taken(h, 0);
    std::vector<std::size_t> next(q, 0); // each query's next candidate in its ranking
    while (out.size() < n) {
        for (std::size_t j : turns) {
            if (out.size() == n)
                break;
            while (next[j] < h && taken[ranked[j][next[j]]])
                ++next[j];
            const std::size_t pos = ranked[j][next[j]]; // n <= h: some item is always left
            taken[pos] = 1;
            out.push_back(pos);
        }
    }
    return out;
}

} // namespace persona::data
