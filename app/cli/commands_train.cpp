// `persona train`, `persona eval --run`, `persona predict` and `persona neighbours`: train a run
// from a JSON config through api::runTraining (recorded in the store, resumable with --resume;
// progress on stderr, final metrics with "runId" on stdout; SIGINT/SIGTERM cancel with exit code
// 130; --plan stops before training with the memory plan), then score it, run it on one user, or
// show what its soft prompts are close to.
#include "app/cli/commands.h"
#include "app/cli/signal_cancel.h"

#include "core/api/diagnostics.h"
#include "core/api/evaluation.h"
#include "core/api/methods.h"
#include "core/api/explain.h"
#include "core/api/report.h"
#include "core/api/trained_run.h"
#include "core/api/training.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/store/store.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace persona::cli {
namespace {

std::string duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lds", s);
    return buf;
}

void print(const nlohmann::json& j, bool json)
{
    std::cout << (json ? j.dump(2) : j.dump()) << "\n";
}

// An evaluation's personalization verdict (api/diagnostics.h) beside its figures.
void addPersonalization(nlohmann::json& evaluation)
{
    const api::PersonalizationReport p = api::personalizationReport(evaluation);
    if (p.level != api::Personalization::Unknown)
        evaluation["personalization"] = {{"level", api::personalizationName(p.level)}, {"summary", p.sentence}};
}

std::string progressLine(const api::TrainingProgress& p)
{
    std::string line = "step " + std::to_string(p.step) + "/" + std::to_string(p.totalSteps);
    char buf[160];
    std::snprintf(buf, sizeof buf, "  loss %.4f (avg %.4f)  lr %.2e  %.0f tok/s  ETA %s", p.trainLoss, p.smoothedLoss,
                  p.learningRate, p.tokensPerSecond, duration(p.etaSeconds).c_str());
    line += buf;
    if (p.evaluated) {
        std::snprintf(buf, sizeof buf, "  val loss %.4f  val F1 %.4f", p.valLoss, p.valF1);
        line += buf;
    }
    return line;
}

// Runs the job with SIGINT/SIGTERM turned into a cancel (the handler only sets a flag; a watcher
// thread calls cancel(), which takes a lock). Exit code 130 when cancelled.
int trainWithSignals(const api::TrainingRequest& request, bool json)
{
    api::TrainingControl control;
    SignalCancel signals(control);

    std::int64_t announced = -1;
    std::string lastPhase;
    const auto progress = [&](const api::TrainingProgress& p) {
        if (p.runId != announced && !request.storePath.empty()) {
            announced = p.runId;
            std::fprintf(stderr, "run %lld in %s%s\n", static_cast<long long>(p.runId), request.storePath.c_str(),
                         request.resumeRunId > 0 ? " (resumed)" : "");
        }
        if (p.phase != "training") {
            if (p.phase != lastPhase)
                std::fprintf(stderr, "%s...\n", p.phase.c_str());
        } else {
            std::fprintf(stderr, "%s\n", progressLine(p).c_str());
        }
        lastPhase = p.phase;
    };
    const api::TrainingOutcome outcome = api::runTraining(request, progress, &control);
    if (outcome.status == "cancelled") {
        if (outcome.runId > 0)
            std::fprintf(stderr, "cancelled: run %lld is resumable with: persona train --resume %lld --store %s\n",
                         static_cast<long long>(outcome.runId), static_cast<long long>(outcome.runId),
                         request.storePath.c_str());
        else
            std::fprintf(stderr, "cancelled (no store: the run cannot be resumed)\n");
        return 130;
    }
    nlohmann::json metrics = outcome.metrics;
    metrics["run"] = outcome.runDir;
    metrics["runId"] = outcome.runId;
    metrics["status"] = outcome.status;
    metrics["resumedFromStep"] = outcome.resumedFromStep;
    if (!request.storePath.empty())
        metrics["store"] = request.storePath;
    if (metrics.contains("train"))
        metrics["train"].erase("losses"); // in metrics.json; keep stdout short
    if (metrics.contains("test"))
        addPersonalization(metrics["test"]);
    print(metrics, json);
    return 0;
}

} // namespace

std::function<void()> addTrainCommands(CLI::App& app, CLI::App* evalCommand)
{
    std::function<void()> evalRun;
    {
        auto* cmd = app.add_subcommand("train", "Train a run from a JSON config (PERSOMA, text prompting, baselines), "
                                                "recorded in the experiment store; resume a cancelled or crashed run");
        static std::string config, output, storePath, preset, printPreset, dataset;
        static bool printDefault = false, json = false, noStore = false, plan = false, listPresets = false, listMethods = false;
        static int checkpointEvery = 0, threads = 0;
        static std::int64_t resumeId = 0;
        cmd->add_option("--config", config, "Run config (JSON); missing fields keep their defaults (or the --preset's)");
        cmd->add_option("--preset", preset, "Start from a named preset (--list-presets); --config fields go over it");
        cmd->add_option("--print-preset", printPreset, "Print a preset's full config and exit");
        cmd->add_flag("--list-presets", listPresets, "List the presets and exit");
        cmd->add_flag("--list-methods", listMethods, "List the methods a config's \"method\" can name and exit");
        cmd->add_option("--dataset", dataset, "Dataset file or folder in place of the config's data.dataset");
        cmd->add_option("--output", output, "Run folder (overrides outputDir)");
        cmd->add_option("--store", storePath, "Store file (default: $XDG_DATA_HOME/persona-workbench/store.sqlite)");
        cmd->add_flag("--no-store", noStore, "Do not record the run in a store (it cannot be resumed)");
        cmd->add_option("--checkpoint-every", checkpointEvery,
                        "Steps between resumable checkpoints (0: at each evaluation, or every tenth of the steps, at most 50, when evaluation is only at the end)")->check(CLI::NonNegativeNumber);
        cmd->add_option("--resume", resumeId, "Resume this store run from its last checkpoint (needs its --store)");
        cmd->add_option("--threads", threads,
                        "CPU threads for this process in place of the config's models.threads (0: keep it); "
                        "with --resume, the way to give a recorded run more cores")
            ->check(CLI::NonNegativeNumber);
        cmd->add_flag("--print-default-config", printDefault, "Print the default config with every field and exit");
        cmd->add_flag("--plan", plan,
                      "Do not train: print the users, the longest sequence, the pass size and the memory estimate "
                      "(exit 2 when a step would not fit)");
        cmd->add_flag("--json", json, "Print the final metrics as indented JSON");
        cmd->callback([] {
            runGuarded([] {
                if (printDefault) {
                    std::cout << api::defaultRunConfig().dump(2) << "\n";
                    return 0;
                }
                if (!printPreset.empty()) {
                    std::cout << api::presetRunConfig(printPreset).dump(2) << "\n";
                    return 0;
                }
                if (listPresets) {
                    nlohmann::json list = nlohmann::json::array();
                    for (const api::PresetInfo& p : api::runPresets()) {
                        list.push_back({{"name", p.name}, {"title", p.title}, {"description", p.description}});
                        if (!json)
                            std::cout << p.name << "\t" << p.description << "\n";
                    }
                    if (json)
                        std::cout << list.dump(2) << "\n";
                    return 0;
                }
                if (listMethods) {
                    nlohmann::json list = nlohmann::json::array();
                    for (const api::MethodInfo& m : api::methodInfos()) {
                        list.push_back({{"name", m.name},         {"aliases", m.aliases},   {"family", m.family},
                                        {"title", m.title},       {"sections", m.sections}, {"trains", m.trains},
                                        {"nextItem", m.nextItem}, {"softPrompt", m.softPrompt},
                                        {"driver", m.driver}});
                        if (!json) {
                            std::string sections;
                            for (const std::string& sec : m.sections)
                                sections += (sections.empty() ? "" : ", ") + sec;
                            std::cout << m.name << "\t" << m.title << (m.trains ? "" : " (trains nothing)")
                                      << (sections.empty() ? "" : "; reads " + sections) << "\n";
                        }
                    }
                    if (json)
                        std::cout << list.dump(2) << "\n";
                    return 0;
                }
                const bool fresh = !config.empty() || !preset.empty();
                if (plan) {
                    if (!fresh || resumeId > 0)
                        throw ConfigError("train: --plan needs --config FILE or --preset NAME");
                    print(api::planTraining(api::composeRunConfig(preset, config, dataset)), json);
                    return 0;
                }
                api::TrainingRequest request;
                request.checkpointEvery = checkpointEvery;
                request.threads = threads;
                if (noStore && !storePath.empty())
                    throw ConfigError("train: --store and --no-store exclude each other");
                if (!noStore)
                    request.storePath = storePath.empty() ? store::Store::defaultPath().string() : storePath;
                if (resumeId > 0) {
                    if (noStore)
                        throw ConfigError("train: --resume needs the store the run is recorded in (drop --no-store)");
                    if (!config.empty() || !output.empty() || !preset.empty() || !dataset.empty())
                        throw ConfigError("train: --resume takes the run's recorded config; drop --config, --preset, "
                                          "--dataset and --output");
                    request.resumeRunId = resumeId;
                } else {
                    if (!fresh)
                        throw ConfigError("train: give --config FILE (see --print-default-config), --preset NAME "
                                          "(see --list-presets) or --resume RUN_ID");
                    nlohmann::json c = api::composeRunConfig(preset, config, dataset);
                    if (!output.empty())
                        c["outputDir"] = output;
                    request.config = c;
                }
                return trainWithSignals(request, json);
            });
        });
    }
    {
        // `persona eval --run R`: shares the eval subcommand (and its --split, --limit, --device and
        // --json options) with the baselines of commands_data.cpp, which act when --run is absent.
        static std::string runDir;
        static int checkpointStep = -1;
        static int generationBatch = 0;
        auto* runOption =
            evalCommand->add_option("--run", runDir, "A run folder from persona train: evaluate it instead of a baseline");
        evalCommand->add_option("--checkpoint", checkpointStep,
                                "With --run: evaluate the state saved at this step (checkpoints/step-N.safetensors) "
                                "instead of the final one, e.g. to choose a step on the whole validation split")
            ->check(CLI::NonNegativeNumber)
            ->needs(runOption);
        evalCommand->add_option("--batch", generationBatch,
                                "With --run: users generated together (0: as many as fit, in chunks of 32; 1: one at a time)")
            ->check(CLI::Range(0, 4096))
            ->needs(runOption);
        static std::vector<std::string> sliceBy;
        evalCommand->add_option("--slice-by", sliceBy,
                                "With --run: also break the scores down by user attributes, comma separated (age, "
                                "gender, occupation where the dataset has a user file; history, rating, genres always)")
            ->delimiter(',')
            ->needs(runOption);
        evalRun = [evalCommand] {
            runGuarded([evalCommand] {
                auto text = [&](const char* name, const std::string& fallback) {
                    const auto* o = evalCommand->get_option_no_throw(name);
                    return o && o->count() ? o->as<std::string>() : fallback;
                };
                api::RunEvaluationRequest request;
                request.runDir = runDir;
                request.split = text("--split", "test");
                request.maxUsers = static_cast<std::size_t>(std::stoull(text("--limit", "0")));
                request.device = text("--device", "");
                request.generationBatch = generationBatch;
                if (evalCommand->count("--checkpoint"))
                    request.checkpointStep = checkpointStep;
                request.sliceBy = sliceBy;
                const bool json = evalCommand->count("--json") > 0;
                nlohmann::json out = api::evaluateRun(request);
                addPersonalization(out);
                print(out, json);
                return 0;
            });
        };
    }
    {
        auto* cmd = app.add_subcommand("predict", "Run a trained run on one user or several (--user A --user B ...: generated together)");
        static std::string runDir, device;
        static std::vector<std::string> users;
        static int batch = 0;
        static bool json = false;
        cmd->add_option("--run", runDir, "Run folder")->required();
        cmd->add_option("--user", users, "User key; repeat it for several users (one JSON array then)")->required();
        cmd->add_option("--batch", batch, "Users generated together (0: as many as fit in memory)")->check(CLI::NonNegativeNumber);
        static std::vector<std::string> drops, rates, adds;
        cmd->add_option("--drop", drops, "What-if: leave this item (its key) out of the user's history; repeatable");
        cmd->add_option("--rate", rates, "What-if: give a history item another rating, ITEM=RATING; repeatable");
        cmd->add_option("--add", adds, "What-if: add an item from the catalogue as the latest, ITEM=RATING; repeatable");
        cmd->add_option("--device", device, "Override the run's device");
        cmd->add_flag("--json", json, "Indented JSON");
        cmd->callback([] {
            runGuarded([] {
                auto toJson = [](const api::UserPredictionView& v) {
                    nlohmann::json out = {{"user", v.user}, {"method", v.method}, {"task", v.task}, {"output", v.output},
                                          {"target", v.target}};
                    if (v.task == "next-item") {
                        out["rouge1"] = v.rouge1;
                        out["rougeL"] = v.rougeL;
                        out["personaF1"] = v.personaF1;
                    } else {
                        out["parsed"] = {{"liked", v.liked}, {"disliked", v.disliked}};
                        out["truth"] = {{"liked", v.truthLiked}, {"disliked", v.truthDisliked}};
                        out["f1"] = v.f1;
                    }
                    out["historyItems"] = v.historyItems;
                    out["shownItems"] = v.shownItems; // what the method saw
                    out["input"] = v.inputText;
                    out["inputTokens"] = v.inputTokens;
                    out["generatedTokens"] = v.generatedTokens;
                    out["latencySeconds"] = v.latencySeconds;
                    return out;
                };
                std::vector<api::HistoryEditSpec> edits;
                auto addEdits = [&](const std::vector<std::string>& texts, const char* kind) {
                    for (const std::string& t : texts)
                        edits.push_back(api::parseHistoryEditSpec(kind, t));
                };
                addEdits(drops, "drop");
                addEdits(rates, "rate");
                addEdits(adds, "add");
                if (!edits.empty() && users.size() != 1)
                    throw ConfigError("predict: --drop, --rate and --add edit one user's history; give one --user");
                auto run = api::TrainedRun::open(runDir, device);
                if (!edits.empty()) {
                    const api::WhatIfView w = run->whatIf(users.front(), edits);
                    print({{"user", users.front()},
                           {"edits", w.edits},
                           {"original", toJson(w.original)},
                           {"edited", toJson(w.edited)},
                           {"appeared", w.appeared},
                           {"vanished", w.vanished}},
                          json);
                    return 0;
                }
                if (users.size() == 1) {
                    print(toJson(run->predict(users.front())), json);
                    return 0;
                }
                nlohmann::json out = nlohmann::json::array();
                for (const auto& v : run->predictMany(users, batch))
                    out.push_back(toJson(v));
                print(out, json);
                return 0;
            });
        });
    }
    {
        auto* cmd = app.add_subcommand("explain", "Item attribution: each shown history item of a user left out in turn "
                                                  "(and, for soft prompts, replaced by the mean vector), with the change in "
                                                  "the answer and in the log-probability of the answer and of the truth");
        static std::string runDir, user, device, csvPath;
        static int batch = 0;
        static bool json = false, noMeanVector = false;
        cmd->add_option("--run", runDir, "Run folder")->required();
        cmd->add_option("--user", user, "User key")->required();
        cmd->add_option("--batch", batch, "Inputs generated and scored together (0: automatic)")->check(CLI::NonNegativeNumber);
        cmd->add_flag("--no-mean-vector", noMeanVector,
                      "Soft-prompt methods: only leave items out, without replacing each item's vector by the mean "
                      "(half the inputs, half the time)");
        cmd->add_option("--csv", csvPath, "Also write one row per item to this CSV file ('-': standard output instead of JSON)");
        cmd->add_option("--device", device, "Override the run's device");
        cmd->add_flag("--json", json, "Indented JSON");
        cmd->callback([] {
            runGuarded([] {
                const api::ExplainView v = api::TrainedRun::open(runDir, device)->explain(user, batch, !noMeanVector);
                if (csvPath == "-") {
                    std::cout << api::explainCsv(v);
                    return 0;
                }
                if (!csvPath.empty()) {
                    const std::string csv = api::explainCsv(v);
                    writeFileAtomically(csvPath, csv.data(), csv.size());
                }
                print(api::explainJson(v), json);
                return 0;
            });
        });
    }
    {
        auto* cmd = app.add_subcommand("report", "A self-contained HTML report: one user across runs (--user: the history "
                                                 "with the shown items, each run's answer against the truth, item "
                                                 "attribution, soft-prompt neighbours, notes and tags), or a whole run "
                                                 "(scores, slices, worst users, shared answers; with a second --run, the "
                                                 "users on whom the two disagree most)");
        static std::vector<std::string> runDirs;
        static std::string user, output, storePath, split = "test", device;
        static int worst = 10, batch = 0;
        static bool force = false, noAttribution = false, json = false;
        cmd->add_option("--run", runDirs, "Run folder; repeat for several runs (a run report takes one or two)")->required();
        cmd->add_option("--user", user, "User key: a report on this user (else a report on the run)");
        cmd->add_option("--output,-o", output, "The HTML file to write")->required();
        cmd->add_flag("--force", force, "Replace the output file when it exists");
        cmd->add_option("--store", storePath, "Experiment store holding the runs' notes and tags (user report)");
        cmd->add_flag("--no-attribution", noAttribution, "User report: leave the item attribution out (much faster)");
        cmd->add_option("--batch", batch, "Attribution inputs generated and scored together (0: automatic)")
            ->check(CLI::NonNegativeNumber);
        cmd->add_option("--split", split, "Run report: the split to evaluate (train, validation, test)");
        cmd->add_option("--worst", worst, "Run report: users listed as the worst and as disagreements")
            ->check(CLI::Range(1, 100000));
        cmd->add_option("--device", device, "Run report: override the run's device");
        cmd->add_flag("--json", json, "Print what was written as indented JSON");
        cmd->callback([] {
            runGuarded([] {
                std::error_code ec;
                const auto status = std::filesystem::status(output, ec);
                if (std::filesystem::exists(status)) {
                    if (!std::filesystem::is_regular_file(status))
                        throw ConfigError(output + ": exists and is not a regular file; choose another output file");
                    if (!force)
                        throw ConfigError(output + ": already exists; pass --force to replace it");
                }
                std::string html;
                nlohmann::json out = {{"file", output}};
                if (!user.empty()) {
                    api::UserReportOptions o;
                    o.attribution = !noAttribution;
                    o.batchSize = batch;
                    o.storePath = storePath;
                    const api::UserReport r = api::buildUserReport(runDirs, user, o);
                    html = api::userReportHtml(r);
                    out["kind"] = "user";
                    out["user"] = user;
                    out["historyItems"] = r.history.size();
                } else {
                    if (runDirs.size() > 2)
                        throw ConfigError("report: a run report takes one run, or two to compare; name --user for a "
                                          "report on one user across more runs");
                    api::RunReportRequest q;
                    q.runDir = runDirs.front();
                    if (runDirs.size() == 2)
                        q.compareRunDir = runDirs.back();
                    q.split = split;
                    q.device = device;
                    q.worst = worst;
                    html = api::runReportHtml(api::buildRunReport(q));
                    out["kind"] = "run";
                }
                writeFileAtomically(output, html.data(), html.size());
                out["bytes"] = html.size();
                out["runs"] = runDirs;
                print(out, json);
                return 0;
            });
        });
    }
    {
        auto* cmd = app.add_subcommand("neighbours", "Nearest vocabulary tokens of a user's soft prompt (PERSOMA runs)");
        static std::string runDir, user, device;
        static std::int64_t k = 10;
        static double threshold = 0.5;
        static bool json = false;
        cmd->add_option("--run", runDir, "Run folder")->required();
        cmd->add_option("--user", user, "User key")->required();
        cmd->add_option("--k", k, "Neighbours per soft token")->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 20));
        cmd->add_option("--threshold", threshold, "Cosine from which a soft token counts as near a real word");
        cmd->add_option("--device", device, "Override the run's device");
        cmd->add_flag("--json", json, "Indented JSON");
        cmd->callback([] {
            runGuarded([] {
                const api::NeighbourView r = api::TrainedRun::open(runDir, device)->neighbours(user, static_cast<int>(k), threshold);
                nlohmann::json tokens = nlohmann::json::array();
                for (const auto& t : r.tokens) {
                    nlohmann::json n = nlohmann::json::array();
                    for (const auto& x : t.neighbours)
                        n.push_back({{"id", x.id}, {"token", x.token}, {"cosine", x.cosine}});
                    tokens.push_back({{"index", t.index}, {"role", t.role}, {"norm", t.norm}, {"nearWord", t.nearWord},
                                      {"neighbours", n}});
                }
                nlohmann::json out = {{"user", user},
                                      {"k", k},
                                      {"threshold", threshold},
                                      {"nearWordShare", r.nearWordShare},
                                      {"meanVocabNorm", r.meanVocabNorm},
                                      {"tokens", tokens}};
                print(out, json);
                return 0;
            });
        });
    }
    return evalRun;
}

} // namespace persona::cli
