#include "core/methods/retrieval_index.h"

#include "core/data/genre_task.h"
#include "core/methods/item_encoder.h"
#include "core/runtime/model_loader.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <cmath>

namespace persona::methods {

std::string retrievalItemText(const data::Dataset& ds, std::uint32_t item)
{
    data::ItemTextOptions o;
    o.rating = false;
    o.tags = false;
    return data::itemText(ds, data::Interaction{item}, o);
}

std::string genreQueryText(const std::string& genre)
{
    return "Genres: " + genre;
}

namespace {
// Rows of [n, dim] scaled to unit length (zero rows stay zero), flattened row by row.
std::vector<float> unitRows(const torch::Tensor& m)
{
    const torch::Tensor t = m.to(torch::kFloat32).contiguous();
    const auto n = static_cast<std::size_t>(t.size(0)), dim = static_cast<std::size_t>(t.size(1));
    std::vector<float> out(t.data_ptr<float>(), t.data_ptr<float>() + n * dim);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0.0;
        for (std::size_t k = 0; k < dim; ++k)
            norm += static_cast<double>(out[i * dim + k]) * out[i * dim + k];
        norm = std::sqrt(norm);
        if (norm > 0.0)
            for (std::size_t k = 0; k < dim; ++k)
                out[i * dim + k] = static_cast<float>(out[i * dim + k] / norm);
    }
    return out;
}
} // namespace

std::shared_ptr<const data::RetrievalIndex> retrievalIndex(const data::Dataset& ds, HistoryEncoder& encoder,
                                                           TaskKind task)
{
    auto index = std::make_shared<data::RetrievalIndex>();
    index->dim = static_cast<std::size_t>(encoder.dim());
    std::vector<std::string> texts;
    texts.reserve(ds.items.size());
    for (std::uint32_t i = 0; i < ds.items.size(); ++i)
        texts.push_back(retrievalItemText(ds, i));
    index->items = ds.items.empty() ? std::vector<float>{} : unitRows(encoder.encodeTexts(texts));
    if (task == TaskKind::Genres && !ds.genres.empty()) {
        std::vector<std::string> queries;
        for (const std::string& g : ds.genres)
            queries.push_back(genreQueryText(g));
        index->queries = unitRows(encoder.encodeTexts(queries));
    }
    return index;
}

std::shared_ptr<const data::RetrievalIndex> loadRetrievalIndex(const data::Dataset& ds, const std::string& encoderPath,
                                                               const std::string& device, const std::string& cacheDir,
                                                               TaskKind task)
{
    runtime::LoadOptions o;
    o.device = device;
    runtime::LoadedEncoder encoder = runtime::loadEncoder(encoderPath, o);
    const auto tokenizer = tokenizers::loadTokenizer(encoderPath);
    runtime::requireTokenizerFits(*tokenizer, encoder.config.vocabSize, encoderPath);
    HistoryEncoder items(*encoder.model, *tokenizer, fileContentHash(encoderPath), cacheDir);
    return retrievalIndex(ds, items, task);
}

} // namespace persona::methods
