// The CLI's subcommands. Each commands_*.cpp adds its subcommand(s) to the app; the callback runs
// the command and records its exit code. Errors are caught in runGuarded and printed on stderr.
#pragma once

#include "core/data/dataset.h"
#include "core/data/sampling.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace persona::api {
class TextGenerator;
}

namespace persona::cli {

void registerCommands(CLI::App& app);
std::string versionString();
int exitCode();

// Runs `body`, turning persona::Error and std::exception into a message on stderr and exit code
// 1 (2 for configuration errors). Sets the process exit code returned by exitCode().
void runGuarded(const std::function<int()>& body);

// Subcommand registrations, one per file.
void addInfoCommand(CLI::App& app);
void addFetchCommand(CLI::App& app); // fetch-models
void addModelCommands(CLI::App& app); // generate, tokenize, embed, bench
void addRunsCommand(CLI::App& app);
void addMilpCommand(CLI::App& app); // milp search, milp --run R --user U memory pass
void addDataCommands(CLI::App& app); // data stats, data user
// train, predict, neighbours, and the `--run` and `--checkpoint` options of the shared eval
// subcommand; returns what `eval --run R` does.
std::function<void()> addTrainCommands(CLI::App& app, CLI::App* evalCommand);
// Adds the baseline options to `eval` (counting, popular, sampled-rule, text-zeroshot); returns
// what `eval --method M` does. registerCommands gives eval one callback that picks either, so
// CLI11 has checked every argument (an unknown one is an error) before anything runs.
std::function<void()> addBaselineEval(CLI::App* evalCommand);

// The next-item zero-shot baseline (commands_next_item.cpp), run by the baseline eval for
// `--task next-item`: users (dataset indices) of the split, the first `limit` of them (0 = all).
struct NextItemBaselineArgs {
    const data::Dataset& ds;
    const std::vector<std::size_t>& users;
    std::size_t limit = 0;
    data::SamplingStrategy strategy = data::SamplingStrategy::Recency;
    std::size_t history = 10;
    std::uint64_t seed = 0;
    std::size_t holdout = 1;
    std::string split;
    std::string device;
    int maxTokens = 48;
    bool json = false;
    std::string promptContent = "history"; // data::parsePromptContent's names
};
int evalNextItemBaseline(const NextItemBaselineArgs& args);

// Gives sampler retrieval's vectors when strategy is Retrieval (the default sentence encoder, the
// embedding cache a run uses by default: cache/item-embeddings); task "genres" or "next-item".
void prepareSampler(data::HistorySampler& sampler, const data::Dataset& ds, data::SamplingStrategy strategy,
                    const std::string& task);

// One zero-shot chat prompt as both baselines (genres, next item) run it: its token count, and
// the greedy reply unless the prompt plus maxTokens exceed the context (overContext, empty text).
struct ZeroShotReply {
    int promptTokens = 0;
    bool overContext = false;
    std::string text;
};
ZeroShotReply zeroShotReply(const api::TextGenerator& gen, const std::string& user, const std::string& system,
                            int maxTokens);

} // namespace persona::cli
