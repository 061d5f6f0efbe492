// `persona milp`: the MiLP search from a JSON config through api::runMilpSearch (one progress line
// per trial on stderr; trials, Pareto front, chosen configuration and test metrics on stdout;
// SIGINT/SIGTERM cancel with exit code 130), and `persona milp --run R --user U` for the per-user
// memory pass on a trained MiLP run (outputs before and after).
#include "app/cli/commands.h"
#include "app/cli/signal_cancel.h"

#include "core/api/milp.h"
#include "core/common/json_number.h"
#include "core/common/error.h"
#include "core/common/json_file.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace persona::cli {
namespace {

nlohmann::json trialJson(const api::MilpTrialView& t)
{
    nlohmann::json j = {{"trial", t.trial},
                        {"random", t.random},
                        {"config", t.config},
                        {"valLoss", finiteOrNull(t.valLoss)},
                        {"valMetric", finiteOrNull(t.valMetric)},
                        {"failed", t.failed},
                        {"onFront", t.onFront},
                        {"hypervolume", finiteOrNull(t.hypervolume)},
                        {"seconds", t.seconds},
                        {"trainSeconds", t.trainSeconds},
                        {"validationSeconds", t.validationSeconds},
                        {"searchSeconds", t.searchSeconds},
                        {"gpSeconds", t.gpSeconds},
                        {"acquisitionSeconds", t.acquisitionSeconds},
                        {"wallSeconds", t.wallSeconds}};
    if (t.failed)
        j["failure"] = t.failure;
    return j;
}

std::string trialLine(const api::MilpTrialView& t, int total)
{
    char buf[512];
    if (t.failed) {
        std::snprintf(buf, sizeof buf, "trial %d/%d [%s] %s  FAILED: %s  HV %.4f  %.1fs", t.trial + 1, total,
                      t.random ? "random" : "bo", t.config.dump().c_str(), t.failure.c_str(), t.hypervolume, t.wallSeconds);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "trial %d/%d [%s] %s  val loss %.4f  val metric %.4f  HV %.4f%s  %.1fs (GP+acq %.2fs)",
                  t.trial + 1, total, t.random ? "random" : "bo", t.config.dump().c_str(), t.valLoss, t.valMetric,
                  t.hypervolume, t.onFront ? "  (front)" : "", t.wallSeconds, t.searchSeconds);
    return buf;
}

nlohmann::json readConfig(const std::string& path)
{
    const nlohmann::json j = readJsonObjectFile(path, 1u << 20, "MiLP config"); // as MilpRunConfig::fromFile
    try {
        api::validateMilpConfig(j);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
    return j;
}

int runSearch(const api::MilpRequest& request, bool json)
{
    api::TrainingControl control;
    SignalCancel signals(control);

    const int total = request.config.value("search", nlohmann::json::object())
                          .value("totalTrials", api::defaultMilpConfig()["search"]["totalTrials"].get<int>());
    const auto onTrial = [&](const api::MilpTrialView& t) { std::cerr << trialLine(t, total) << std::endl; };
    bool finalAnnounced = false;
    int trialsSeen = 0;
    const auto onTrialCounted = [&](const api::MilpTrialView& t) {
        ++trialsSeen;
        onTrial(t);
    };
    const auto onProgress = [&](const api::TrainingProgress& p) {
        if (p.phase == "loading")
            std::cerr << "loading the decoder and the dataset..." << std::endl;
        else if (p.phase == "training" && !finalAnnounced) {
            finalAnnounced = true;
            std::cerr << "training the chosen configuration..." << std::endl;
        }
    };
    const api::MilpOutcome out = api::runMilpSearch(request, onTrialCounted, onProgress, &control);
    nlohmann::json trials = nlohmann::json::array();
    nlohmann::json front = nlohmann::json::array();
    for (const auto& t : out.trials) {
        trials.push_back(trialJson(t));
        if (t.onFront)
            front.push_back(t.trial);
    }
    const nlohmann::json result = {{"runId", out.runId},   {"runDir", out.runDir}, {"status", out.status},
                                   {"trials", trials},      {"paretoFront", front}, {"chosen", out.chosen},
                                   {"testMetrics", out.testMetrics}, {"timing", out.timing}};
    if (json) {
        std::cout << result.dump(2) << "\n";
    } else {
        std::cout << "status " << out.status << ", " << out.trials.size() << " trials, front " << front.dump() << "\n";
        if (out.timing.contains("wallSeconds"))
            std::cout << "trial time " << out.timing["wallSeconds"].get<double>() << " s, of which GP + acquisition "
                      << out.timing["searchSeconds"].get<double>() << " s ("
                      << 100.0 * out.timing["searchShare"].get<double>() << "%)\n";
        if (!out.chosen.empty())
            std::cout << "chosen " << out.chosen.dump() << "\ntest " << out.testMetrics.dump() << "\nrun folder "
                      << out.runDir << "\n";
    }
    return out.status == "cancelled" ? 130 : 0;
}

} // namespace

void addMilpCommand(CLI::App& app)
{
    auto* cmd = app.add_subcommand("milp", "MiLP: search LoRA memory-injection configurations (Bayesian optimisation), "
                                           "or run the per-user memory pass on a trained MiLP run");
    static std::string config, storePath, output, runDir, user;
    static bool printDefault = false, json = false;
    static int steps = 10;
    cmd->add_option("--config", config, "MiLP config (JSON); missing fields keep their defaults");
    cmd->add_option("--store", storePath, "Record the search (a run of method milp and its BO trials) in this store");
    cmd->add_option("--output", output, "Run folder of the chosen configuration (overrides outputDir)");
    cmd->add_flag("--print-default-config", printDefault, "Print the default MiLP config with every field and exit");
    cmd->add_option("--run", runDir, "A trained MiLP run folder: run the per-user memory pass on it (with --user)");
    cmd->add_option("--user", user, "User key for the memory pass");
    cmd->add_option("--steps", steps, "Memory-injection steps of the per-user pass");
    cmd->add_flag("--json", json, "Print the result as indented JSON");
    cmd->callback([] {
        runGuarded([] {
            if (printDefault) {
                std::cout << api::defaultMilpConfig().dump(2) << "\n";
                return 0;
            }
            if (!runDir.empty() || !user.empty()) {
                if (runDir.empty() || user.empty())
                    throw ConfigError("milp: the memory pass needs both --run and --user");
                if (!config.empty())
                    throw ConfigError("milp: --config (search) and --run (memory pass) exclude each other");
                const nlohmann::json r = api::runMilpMemoryPass(runDir, user, steps);
                if (json) {
                    std::cout << r.dump(2) << "\n";
                } else {
                    std::cout << "user " << user << ", " << steps << " memory steps, weight change "
                              << r["weightChange"].get<double>() << "\nbefore: " << r["before"]["output"].get<std::string>()
                              << "\nafter:  " << r["after"]["output"].get<std::string>() << "\n";
                }
                return 0;
            }
            if (config.empty())
                throw ConfigError("milp: give --config FILE (see --print-default-config), or --run R --user U");
            api::MilpRequest request;
            request.config = readConfig(config);
            if (!output.empty())
                request.config["outputDir"] = output;
            request.storePath = storePath;
            return runSearch(request, json);
        });
    });
}

} // namespace persona::cli
