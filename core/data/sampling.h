// The five history sampling strategies of PERSOMA section 4.3 (Recency, Random, Long Tail, Top-K
// Popularity, Genre Sample) for any history size N. Seeded and deterministic on every platform.
// Leaves out how the kept items are encoded (methods) and labels (genre_task.h).
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::data {

enum class SamplingStrategy { Recency, Random, LongTail, TopKPopularity, GenreSample };

// "recency", "random", "long-tail", "top-k", "genre".
const char* samplingName(SamplingStrategy strategy);
// Accepts the names above (and "longtail", "topk", "top-k-popularity", "genre-sample"); throws
// ConfigError otherwise.
SamplingStrategy parseSampling(const std::string& name);
std::vector<SamplingStrategy> allSamplingStrategies();

struct SamplerConfig {
    double longTailQuantile = 0.9; // Long Tail keeps items strictly below this popularity quantile
};

// Holds the dataset (by reference: it must outlive the sampler) and the global popularity cut.
class HistorySampler {
public:
    explicit HistorySampler(const Dataset& ds, const SamplerConfig& config = {});

    // Positions (indices into user.history) of the kept items, ascending, so the kept history stays
    // in chronological order. At most n; fewer when the user has fewer eligible items (Long Tail
    // keeps only items below the cut). n = 0 gives an empty result.
    //  - Recency: the n latest.
    //  - Random: n uniformly without replacement.
    //  - LongTail: n uniformly among items with popularity < longTailCut().
    //  - TopKPopularity: the n most popular (ties: the more recent first).
    //  - GenreSample: n times, draw a genre with probability proportional to its count in the
    //    user's history (among genres that still have unpicked items), then an unpicked item of that
    //    genre uniformly; items without genres fill up last, uniformly.
    // The random draws use deriveSeed(seed, user.key), so a user's sample does not depend on others.
    std::vector<std::size_t> sample(const User& user, SamplingStrategy strategy, std::size_t n,
                                    std::uint64_t seed = 0) const;

    double longTailCut() const { return m_longTailCut; }

private:
    const Dataset& m_ds;
    double m_longTailCut;
};

} // namespace persona::data
