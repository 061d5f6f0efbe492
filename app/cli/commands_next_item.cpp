// `persona eval --method text-zeroshot --task next-item`: zero-shot text prompting on the next-item
// task (the frozen default decoder writes the next movie's title from the serialized history),
// scored by ROUGE-1, ROUGE-L and Persona-F1. Called by the baseline eval of commands_data.cpp.
#include "app/cli/commands.h"
#include "app/cli/progress.h"

#include "core/api/models.h"
#include "core/common/error.h"
#include "core/data/next_item_task.h"
#include "core/data/sampling.h"
#include "core/eval/text_metrics.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace persona::cli {

ZeroShotReply zeroShotReply(const api::TextGenerator& gen, const std::string& user, const std::string& system,
                            int maxTokens)
{
    api::GenerateRequest req;
    req.prompt = user;
    req.system = system;
    req.chat = true;
    req.maxTokens = maxTokens;
    ZeroShotReply out;
    out.promptTokens = static_cast<int>(gen.tokenize(gen.chatPrompt(req.prompt, req.system)).ids.size());
    out.overContext = out.promptTokens + req.maxTokens > gen.contextLength();
    if (!out.overContext)
        out.text = gen.generate(req).text;
    return out;
}

int evalNextItemBaseline(const NextItemBaselineArgs& a)
{
    using nlohmann::json;
    const data::Dataset& ds = a.ds;
    const std::size_t n = a.limit ? std::min(a.limit, a.users.size()) : a.users.size();
    std::size_t scorable = 0;
    for (std::size_t i = 0; i < n; ++i)
        scorable += ds.users[a.users[i]].history.size() > a.holdout ? 1 : 0;
    if (scorable == 0) // before the model loads: 0 users scored is not a result
        throw ConfigError("--holdout " + std::to_string(a.holdout) + " leaves none of the " + std::to_string(n) + " " + a.split +
                          " users an item before the held-out ones; lower --holdout");
    const data::PromptContent content = data::parsePromptContent(a.promptContent);
    data::HistorySampler sampler(ds);
    prepareSampler(sampler, ds, a.strategy, "next-item");
    api::EngineOptions eo;
    eo.device = a.device;
    auto gen = api::TextGenerator::open(api::defaultModelPaths().decoder, eo);
    json examples = json::array();
    double sums[3] = {0, 0, 0}, inputTokens = 0;
    std::size_t scored = 0, tooShort = 0, overContext = 0;
    const auto t0 = std::chrono::steady_clock::now();
    Progress progress("eval text-zeroshot next-item", n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& user = ds.users[a.users[i]];
        progress.update(i + 1);
        if (user.history.size() <= a.holdout) {
            ++tooShort; // no item before the held-out ones: not scored
            continue;
        }
        const std::size_t target = data::nextItemTarget(user, a.holdout);
        const data::User before{user.key, {user.history.begin(), user.history.begin() + static_cast<std::ptrdiff_t>(target)}};
        const auto kept = sampler.sample(before, a.strategy, a.history, a.seed);
        const std::string truth = data::nextItemText(ds, ds.items[user.history[target].item]);
        const auto prompt = data::nextItemPrompt(ds, user, kept, {}, data::kNextItemInstruction, content);
        const ZeroShotReply reply = zeroShotReply(*gen, prompt.user, prompt.system, a.maxTokens);
        const int promptTokens = reply.promptTokens;
        const std::string& output = reply.text; // empty over the context: scored as all zeros
        inputTokens += promptTokens;
        ++scored;
        if (reply.overContext)
            ++overContext;
        const double r1 = eval::rouge1(truth, output).fmeasure;
        const double rl = eval::rougeL(truth, output).fmeasure;
        const double pf = eval::personaF1(output, data::nextItemHistoryText(ds, user, kept));
        sums[0] += r1;
        sums[1] += rl;
        sums[2] += pf;
        if (examples.size() < 3)
            examples.push_back({{"user", user.key}, {"target", truth}, {"output", output}, {"rouge1", r1},
                                {"rougeL", rl}, {"personaF1", pf}, {"input_tokens", promptTokens}});
    }
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double d = scored ? static_cast<double>(scored) : 1.0;
    json out{{"method", "text-zeroshot"},
             {"task", "next-item"},
             {"dataset", ds.source},
             {"split", a.split},
             {"sampling", data::samplingName(a.strategy)},
             {"history", a.history},
             {"promptContent", data::promptContentName(content)},
             {"holdout", a.holdout},
             {"users", scored},
             {"skipped_short_users", tooShort},
             {"rouge1", sums[0] / d},
             {"rougeL", sums[1] / d},
             {"personaF1", sums[2] / d},
             {"avg_input_tokens", inputTokens / d},
             {"over_context", overContext},
             {"context_length", gen->contextLength()},
             {"examples", examples},
             {"seconds", seconds}};
    if (overContext)
        std::fprintf(stderr, "persona: %zu prompt(s) exceed the decoder's context of %d tokens; scored as empty\n",
                     overContext, gen->contextLength());
    if (a.json)
        std::cout << out.dump(2) << "\n";
    else
        std::printf("text-zeroshot next-item on %zu %s users: ROUGE-1 %.4f  ROUGE-L %.4f  Persona-F1 %.4f\n", scored,
                    a.split.c_str(), sums[0] / d, sums[1] / d, sums[2] / d);
    return 0;
}

} // namespace persona::cli
