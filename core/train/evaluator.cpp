#include "core/train/evaluator.h"

#include "core/eval/genre_parser.h"
#include "core/train/cancel_token.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::train {

double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const eval::ParsedGenres& parsed)
{
    eval::MultiLabelScorer scorer(ds.genres);
    scorer.add(truth, parsed);
    return scorer.result().weighted.f1;
}

EvalResult evaluateMethod(methods::Method& method, const std::vector<methods::Example>& examples,
                          const data::Dataset& ds, const EvalOptions& options, CancelToken* cancel)
{
    const auto start = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;
    method.setTraining(false);
    EvalResult result;
    eval::GenreVocabulary vocab(ds.genres);
    eval::MultiLabelScorer scorer(ds.genres);
    double tokens = 0;
    for (const auto& e : examples) {
        if (cancel)
            cancel->check();
        const methods::Prediction p = method.predict(e, options.generation);
        UserPrediction u;
        u.user = e.user;
        u.userKey = ds.users[e.user].key;
        u.text = p.text;
        u.parsed = eval::parseGenreText(p.text, vocab);
        u.truth = e.labels;
        u.f1 = userF1(ds, e.labels, u.parsed);
        u.inputTokens = p.inputTokens;
        u.seconds = p.seconds;
        scorer.add(e.labels, u.parsed);
        tokens += p.inputTokens;
        result.predictions.push_back(std::move(u));
    }
    result.report = scorer.result();
    result.meanInputTokens = examples.empty() ? 0.0 : tokens / static_cast<double>(examples.size());
    if (options.computeLoss && method.trainable() && !examples.empty()) {
        double sum = 0;
        std::size_t batches = 0;
        const auto bs = static_cast<std::size_t>(std::max(1, options.lossBatchSize));
        for (std::size_t i = 0; i < examples.size(); i += bs) {
            if (cancel)
                cancel->check();
            std::vector<const methods::Example*> batch;
            for (std::size_t j = i; j < std::min(examples.size(), i + bs); ++j)
                batch.push_back(&examples[j]);
            sum += method.loss(batch).item<double>();
            ++batches;
        }
        result.loss = sum / static_cast<double>(batches);
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace persona::train
