// The five history sampling strategies of PERSOMA section 4.3 (Recency, Random, Long Tail, Top-K
// Popularity, Genre Sample) and retrieval (the survey's retrieval-augmented prompting, seeds/002)
// for any history size N. Seeded and deterministic on every platform. Leaves out how the kept
// items are encoded and how retrieval's vectors are computed (methods/retrieval_index.h) and the
// labels (genre_task.h).
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace persona::data {

enum class SamplingStrategy { Recency, Random, LongTail, TopKPopularity, GenreSample, Retrieval };

// "recency", "random", "long-tail", "top-k", "genre", "retrieval".
const char* samplingName(SamplingStrategy strategy);
// Accepts the names above (and "longtail", "topk", "top-k-popularity", "genre-sample", "rag");
// throws ConfigError otherwise.
SamplingStrategy parseSampling(const std::string& name);
std::vector<SamplingStrategy> allSamplingStrategies();

// What retrieval sampling compares: one vector per dataset item (the sentence encoder's embedding
// of its title, genres and description, without the user's rating) and the query vectors, all of
// unit length. The genre task's queries are the genres' descriptions; with no query the user's most
// recent items are the query (the next-item task). Built by methods::retrievalIndex.
struct RetrievalIndex {
    std::size_t dim = 0;
    std::vector<float> items;       // [dataset items, dim]
    std::vector<float> queries;     // [queries, dim]; empty: the recent items
    std::size_t recentItems = 3;    // how many of the latest items make the query when queries is empty
};

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
    //  - Retrieval (needs setRetrieval): with queries, the queries take turns, the one whose best
    //    match in this history is closest first, each taking its closest unpicked item (cosine); with
    //    none, the n items closest to the mean vector of the `recentItems` latest. Ties: the more
    //    recent first. Throws ConfigError when no index is set or it does not fit the dataset.
    // The random draws use deriveSeed(seed, user.key), so a user's sample does not depend on others.
    std::vector<std::size_t> sample(const User& user, SamplingStrategy strategy, std::size_t n,
                                    std::uint64_t seed = 0) const;

    double longTailCut() const { return m_longTailCut; }
    // The vectors Retrieval compares (shared, read-only); null clears them.
    void setRetrieval(std::shared_ptr<const RetrievalIndex> index) { m_retrieval = std::move(index); }
    bool hasRetrieval() const { return m_retrieval != nullptr; }

private:
    std::vector<std::size_t> retrieve(const User& user, std::size_t n) const;

    const Dataset& m_ds;
    double m_longTailCut;
    std::shared_ptr<const RetrievalIndex> m_retrieval;
};

} // namespace persona::data
