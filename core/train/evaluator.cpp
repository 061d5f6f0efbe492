#include "core/train/evaluator.h"

#include "core/common/crash_point.h"
#include "core/common/error.h"
#include "core/data/next_item_task.h"
#include "core/eval/genre_parser.h"
#include "core/eval/text_metrics.h"
#include "core/methods/examples.h"
#include "core/common/cancel_token.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <set>

namespace persona::train {

double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const eval::ParsedGenres& parsed)
{
    eval::MultiLabelScorer scorer(ds.genres);
    scorer.add(truth, parsed);
    return scorer.result().weighted.f1;
}

NextItemScores scoreNextItem(const data::Dataset& ds, const methods::Example& example, const std::string& output)
{
    NextItemScores s;
    s.rouge1 = eval::rouge1(example.targetText, output).fmeasure;
    s.rougeL = eval::rougeL(example.targetText, output).fmeasure;
    s.personaF1 = eval::personaF1(output, data::nextItemHistoryText(ds, ds.users.at(example.user), example.positions));
    return s;
}

double mainMetric(const EvalResult& result)
{
    return result.task == methods::TaskKind::NextItem ? result.rougeL : result.report.weighted.f1;
}

const char* mainMetricName(methods::TaskKind task)
{
    return task == methods::TaskKind::NextItem ? "rougeL" : "f1";
}

EvalResult evaluateMethod(methods::Method& method, const std::vector<methods::Example>& examples,
                          const data::Dataset& ds, const EvalOptions& options, CancelToken* cancel)
{
    const auto start = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;
    method.setTraining(false);
    EvalResult result;
    if (!examples.empty())
        result.task = examples.front().task;
    for (const auto& e : examples)
        if (e.task != result.task)
            throw ConfigError("evaluateMethod: the examples mix the genre and next-item tasks");
    const bool next = result.task == methods::TaskKind::NextItem;
    eval::GenreVocabulary vocab(ds.genres);
    eval::MultiLabelScorer scorer(ds.genres);
    double tokens = 0;
    double sums[3] = {0, 0, 0};
    // Users are decoded together, a chunk at a time (a cancel is seen between chunks).
    const std::size_t chunk = static_cast<std::size_t>(options.generationBatch > 0 ? options.generationBatch : 32);
    std::vector<methods::Prediction> preds;
    preds.reserve(examples.size());
    for (std::size_t i = 0; i < examples.size(); i += chunk) {
        if (cancel)
            cancel->check();
        crashPoint("eval-chunk");
        std::vector<const methods::Example*> part;
        for (std::size_t j = i; j < std::min(examples.size(), i + chunk); ++j)
            part.push_back(&examples[j]);
        for (auto& p : method.predictBatch(part, options.generation, options.generationBatch))
            preds.push_back(std::move(p));
    }
    for (std::size_t k = 0; k < examples.size(); ++k) {
        const methods::Example& e = examples[k];
        const methods::Prediction& p = preds[k];
        UserPrediction u;
        u.user = e.user;
        u.userKey = ds.users[e.user].key;
        u.text = p.text;
        u.inputTokens = p.inputTokens;
        u.seconds = p.seconds;
        if (next) {
            const NextItemScores s = scoreNextItem(ds, e, p.text);
            u.target = e.targetText;
            u.f1 = std::numeric_limits<double>::quiet_NaN();
            u.rouge1 = s.rouge1;
            u.rougeL = s.rougeL;
            u.personaF1 = s.personaF1;
            sums[0] += s.rouge1;
            sums[1] += s.rougeL;
            sums[2] += s.personaF1;
        } else {
            u.parsed = eval::parseGenreText(p.text, vocab);
            u.truth = e.labels;
            u.f1 = userF1(ds, e.labels, u.parsed);
            scorer.add(e.labels, u.parsed);
        }
        tokens += p.inputTokens;
        result.predictions.push_back(std::move(u));
    }
    result.report = scorer.result();
    if (!next) {
        result.crossUserF1 = scorer.crossUserF1();
        // A method whose soft tokens spell an answer of their own (PERSOMA's answer sketch): that
        // answer scored the same way, so a reader sees what the history part knows against what
        // the decoder makes of it.
        eval::MultiLabelScorer readouts(ds.genres);
        bool any = false;
        for (const methods::Example& e : examples) {
            const std::string text = method.readout(e);
            if (text.empty())
                break;
            any = true;
            readouts.add(e.labels, eval::parseGenreText(text, vocab));
        }
        if (any)
            result.readoutF1 = readouts.result().weighted.f1;
    }
    if (next && !examples.empty()) {
        const auto n = static_cast<double>(examples.size());
        result.rouge1 = sums[0] / n;
        result.rougeL = sums[1] / n;
        result.personaF1 = sums[2] / n;
    }
    result.meanInputTokens = examples.empty() ? 0.0 : tokens / static_cast<double>(examples.size());
    std::vector<torch::Tensor> means; // each user's mean soft token (soft-prompt methods only)
    double norms = 0.0;
    for (const auto& e : examples) {
        const torch::Tensor user = method.userTokens(e);
        if (!user.defined())
            break;
        const torch::Tensor t = user.to(torch::kCPU, torch::kFloat64);
        norms += t.norm(2, 1).mean().item<double>();
        means.push_back(t.mean(0));
    }
    if (!means.empty()) {
        const torch::Tensor m = torch::stack(means);
        const double n = static_cast<double>(examples.size());
        result.userTokenNorm = norms / n;
        result.vocabularyNorm = method.vocabularyNorm();
        const double scale = m.norm(2, 1).mean().item<double>();
        result.userTokenSpread = scale > 0 ? (m - m.mean(0, true)).norm(2, 1).mean().item<double>() / scale : 0.0;
    }
    if (options.computeLoss && method.trainable() && !examples.empty()) {
        const auto bs = static_cast<std::size_t>(std::max(1, options.lossBatchSize));
        auto meanLoss = [&](const std::vector<methods::Example>& set) {
            double sum = 0;
            std::size_t batches = 0;
            for (std::size_t i = 0; i < set.size(); i += bs) {
                if (cancel)
                    cancel->check();
                std::vector<const methods::Example*> batch;
                for (std::size_t j = i; j < std::min(set.size(), i + bs); ++j)
                    batch.push_back(&set[j]);
                sum += method.loss(batch).item<double>();
                ++batches;
            }
            return sum / static_cast<double>(batches);
        };
        result.loss = meanLoss(examples);
        if (options.swappedHistoryLoss && examples.size() >= 2) {
            // Each user's target after the next user's history: the item vectors (PERSOMA) and
            // the prompt (text prompting, whose prompt holds the history).
            std::vector<methods::Example> swapped = examples;
            for (std::size_t i = 0; i < examples.size(); ++i) {
                const methods::Example& other = examples[(i + 1) % examples.size()];
                swapped[i].items = other.items;
                swapped[i].positions = other.positions;
                swapped[i].promptIds = other.promptIds;
            }
            result.swappedHistoryLoss = meanLoss(swapped);
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

std::size_t distinctOutputs(const EvalResult& r)
{
    std::set<std::string> texts;
    for (const auto& u : r.predictions)
        texts.insert(u.text);
    return texts.size();
}

nlohmann::json evalSummaryJson(const EvalResult& r)
{
    nlohmann::json j = {{"f1", r.report.weighted.f1},
                        {"precision", r.report.weighted.precision},
                        {"recall", r.report.weighted.recall},
                        {"users", r.report.samples},
                        {"meanInputTokens", r.meanInputTokens},
                        {"distinctOutputs", distinctOutputs(r)},
                        {"seconds", r.seconds}};
    auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
    j["loss"] = num(r.loss);
    j["swappedHistoryLoss"] = num(r.swappedHistoryLoss);
    j["task"] = methods::taskName(r.task);
    if (r.task == methods::TaskKind::Genres)
        j["crossUserF1"] = num(r.crossUserF1);
    if (!std::isnan(r.readoutF1))
        j["readoutF1"] = r.readoutF1;
    if (!std::isnan(r.userTokenNorm)) {
        j["userTokenNorm"] = r.userTokenNorm;
        j["vocabularyNorm"] = num(r.vocabularyNorm);
        j["userTokenSpread"] = r.userTokenSpread;
    }
    if (r.task == methods::TaskKind::NextItem) {
        // The genre fields above stay 0 (no genre report); users are counted here.
        j["users"] = r.predictions.size();
        j["rouge1"] = num(r.rouge1);
        j["rougeL"] = num(r.rougeL);
        j["personaF1"] = num(r.personaF1);
    }
    return j;
}

} // namespace persona::train
