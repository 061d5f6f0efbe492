#include "app/cli/commands.h"

#include "core/api/retrieval.h"

#include "core/common/build_info.h"
#include "core/common/error.h"

#include <cstdio>

namespace persona::cli {
namespace {
int g_exitCode = 0;
}

void registerCommands(CLI::App& app)
{
    addInfoCommand(app);
    addFetchCommand(app);
    addModelCommands(app);
    addDataCommands(app);
    auto* eval = app.add_subcommand("eval", "Evaluate a baseline on a split");
    const auto evalBaseline = addBaselineEval(eval);
    const auto evalRun = addTrainCommands(app, eval);
    eval->callback([eval, evalBaseline, evalRun] { eval->count("--run") ? evalRun() : evalBaseline(); });
    addRunsCommand(app);
    addMilpCommand(app);
}

std::string versionString()
{
    return std::string("persona ") + kVersion;
}

int exitCode()
{
    return g_exitCode;
}

void runGuarded(const std::function<int()>& body)
{
    try {
        g_exitCode = body();
    } catch (const Error& e) {
        std::fprintf(stderr, "persona: error: %s\n", e.what());
        g_exitCode = e.kind() == ErrorKind::Config ? 2 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "persona: error: %s\n", e.what());
        g_exitCode = 1;
    }
}

void prepareSampler(data::HistorySampler& sampler, const data::Dataset& ds, data::SamplingStrategy strategy,
                    const std::string& task)
{
    if (strategy == data::SamplingStrategy::Retrieval)
        sampler.setRetrieval(api::retrievalIndex(ds, task, {}, "cache/item-embeddings"));
}

} // namespace persona::cli
