// `persona runs list|show|export|import|delete`: browse and move runs of the experiment store.
// Every subcommand takes --store PATH (default: the user's data folder) and --json.
#include "app/cli/commands.h"

#include "core/api/run_table.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/store/run_export.h"
#include "core/store/store.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

namespace persona::cli {
namespace {

using nlohmann::json;

struct RunsOptions {
    std::string storePath;
    bool json = false;
    bool readOnly = false;
    std::size_t limit = 0;
    std::int64_t runId = 0;
    std::vector<std::int64_t> runIds;
    std::string format = "json";
    std::string output;
    std::string input;
    bool force = false;
};

RunsOptions& opts()
{
    static RunsOptions o;
    return o;
}

// Reading never creates a store (a mistyped --store would otherwise show an empty one); import
// creates it and says so.
enum class Access { Read, Write, Create };

std::unique_ptr<store::Store> openStore(Access access)
{
    const bool forWriting = access != Access::Read;
    store::StoreOptions so;
    so.readOnly = opts().readOnly && !forWriting;
    const std::filesystem::path path = opts().storePath.empty() ? store::Store::defaultPath() : std::filesystem::path(opts().storePath);
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && access != Access::Create)
        throw ConfigError(path.string() + ": no experiment store there (`persona train` or `persona runs import` creates one)");
    if (!exists)
        std::fprintf(stderr, "creating the experiment store %s\n", path.c_str());
    return std::make_unique<store::Store>(path, so);
}

void addCommon(CLI::App* cmd)
{
    cmd->add_option("--store", opts().storePath, "Store file (default: $XDG_DATA_HOME/persona-workbench/store.sqlite)");
    cmd->add_flag("--json", opts().json, "Print JSON on stdout");
}

std::string formatTime(const std::optional<std::int64_t>& ms)
{
    if (!ms)
        return "-";
    const std::time_t t = static_cast<std::time_t>(*ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

int listRuns()
{
    auto st = openStore(Access::Read);
    const auto runs = st->listRuns(opts().limit);
    if (opts().json) {
        json out = json::array();
        for (const auto& r : runs)
            out.push_back(store::runRecordJson(r));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("%6s  %-11s  %-12s  %-19s  %9s  %s\n", "ID", "STATUS", "METHOD", "CREATED", "LAST STEP", "NAME");
    for (const auto& r : runs)
        std::printf("%6lld  %-11s  %-12s  %-19s  %9s  %s\n", static_cast<long long>(r.id), store::runStatusName(r.status),
                    r.method.c_str(), formatTime(r.createdAt).c_str(),
                    r.lastStep ? std::to_string(*r.lastStep).c_str() : "-", r.name.c_str());
    if (runs.empty())
        std::printf("(no runs in %s)\n", st->path().c_str());
    return 0;
}

int showRun()
{
    auto st = openStore(Access::Read);
    const store::RunRecord r = st->run(opts().runId);
    json out = store::runRecordJson(r);
    out["dataset"] = nullptr;
    if (r.datasetId)
        if (auto d = st->dataset(*r.datasetId))
            out["dataset"] = {{"path", d->path}, {"format", d->format}, {"checksum", d->checksum}};
    out["metrics"] = json::array();
    for (const auto& m : st->metricSummaries(r.id))
        out["metrics"].push_back({{"name", m.name}, {"points", m.points}, {"first_step", m.firstStep},
                                  {"last_step", m.lastStep},
                                  {"last_value", std::isfinite(m.lastValue) ? json(m.lastValue) : json(nullptr)}});
    const auto preds = st->predictions(r.id);
    out["predictions"] = preds.size();
    // The notes and tags a user gave predictions (the Compare view's Note field), with the user.
    out["notes"] = json::array();
    for (const auto& p : preds)
        if (!p.note.empty() || (p.tags.is_array() && !p.tags.empty()))
            out["notes"].push_back({{"prediction_id", p.id}, {"user", p.userId}, {"note", p.note}, {"tags", p.tags}});
    out["artifacts"] = json::array();
    for (const auto& a : st->artifacts(r.id))
        out["artifacts"].push_back({{"id", a.id}, {"kind", a.kind}, {"path", a.path}, {"sha256", a.sha256},
                                    {"step", a.step ? json(*a.step) : json(nullptr)}});
    if (opts().json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("run %lld: %s\n", static_cast<long long>(r.id), r.name.c_str());
    std::printf("  method      %s\n  status      %s\n", r.method.c_str(), store::runStatusName(r.status));
    if (!r.error.empty())
        std::printf("  error       %s\n", r.error.c_str());
    std::printf("  seed        %lld\n  split       %s\n  device      %s\n", static_cast<long long>(r.seed),
                r.split.c_str(), r.device.c_str());
    std::printf("  created     %s\n  started     %s\n  ended       %s\n", formatTime(r.createdAt).c_str(),
                formatTime(r.startedAt).c_str(), formatTime(r.endedAt).c_str());
    std::printf("  code        %s\n  last step   %s\n", r.codeVersion.c_str(),
                r.lastStep ? std::to_string(*r.lastStep).c_str() : "-");
    std::printf("  config      %s\n", r.config.dump().c_str());
    for (const auto& m : out["metrics"])
        std::printf("  metric      %-24s %8lld points, steps %lld..%lld, last %s\n",
                    m["name"].get<std::string>().c_str(), static_cast<long long>(m["points"].get<std::int64_t>()),
                    static_cast<long long>(m["first_step"].get<std::int64_t>()),
                    static_cast<long long>(m["last_step"].get<std::int64_t>()), m["last_value"].dump().c_str());
    std::printf("  predictions %zu\n", out["predictions"].get<std::size_t>());
    for (std::size_t i = 0; i < preds.size() && i < 5; ++i) {
        const auto& p = preds[i];
        const json f1 = p.metrics.is_object() && p.metrics.contains("f1") ? p.metrics["f1"] : json(nullptr);
        std::string text = p.output.substr(0, 60);
        for (char& c : text)
            if (c == '\n' || c == '\r' || c == '\t')
                c = ' ';
        std::printf("    user %-8s f1 %-6s %s\n", p.userId.c_str(), f1.is_number() ? std::to_string(f1.get<double>()).substr(0, 5).c_str() : "-",
                    text.c_str());
    }
    for (const auto& n : out["notes"]) {
        std::string tags;
        for (const auto& t : n["tags"])
            tags += (tags.empty() ? "" : ", ") + (t.is_string() ? t.get<std::string>() : t.dump());
        // A note is the user's own text: control bytes escaped, long ones shortened.
        std::printf("  note        user %-8s %s%s%s%s\n", printableMessage(n["user"].get<std::string>(), 64).c_str(),
                    printableMessage(n["note"].get<std::string>(), 400).c_str(), tags.empty() ? "" : " [",
                    printableMessage(tags, 200).c_str(), tags.empty() ? "" : "]");
    }
    for (const auto& a : out["artifacts"])
        std::printf("  artifact    %-10s %s\n", a["kind"].get<std::string>().c_str(), a["path"].get<std::string>().c_str());
    return 0;
}

// An export never lands on the store it reads (or its journal files), and replaces an existing
// file only with --force; it is written atomically, so a failed write leaves the old file whole.
void checkExportTarget(const store::Store& st, const std::filesystem::path& out)
{
    std::error_code ec;
    const auto status = std::filesystem::status(out, ec);
    if (!std::filesystem::exists(status))
        return;
    const std::string storeText = st.path().string();
    const std::string outText = out.string();
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        if (std::filesystem::equivalent(out, std::filesystem::path(storeText + suffix), ec))
            throw ConfigError(outText + ": is the store this run is exported from (" + storeText + suffix +
                              "); choose another output file");
    if (!std::filesystem::is_regular_file(status))
        throw ConfigError(outText + ": exists and is not a regular file; choose another output file");
    if (!opts().force)
        throw ConfigError(outText + ": already exists; pass --force to replace it");
}

int exportRun()
{
    auto st = openStore(Access::Read);
    if (!opts().output.empty() && opts().output != "-")
        checkExportTarget(*st, opts().output);
    std::string text;
    if (opts().format == "json")
        text = store::exportRunJson(*st, opts().runId).dump(2) + "\n";
    else if (opts().format == "metrics-csv")
        text = store::exportMetricsCsv(*st, opts().runId);
    else if (opts().format == "predictions-csv")
        text = store::exportPredictionsCsv(*st, opts().runId);
    else
        throw ConfigError("--format must be json, metrics-csv or predictions-csv, not '" + opts().format + "'");
    if (opts().output.empty() || opts().output == "-") {
        std::cout << text;
        return 0;
    }
    writeFileAtomically(opts().output, text.data(), text.size());
    if (opts().json)
        std::cout << json{{"run", opts().runId}, {"file", opts().output}, {"bytes", text.size()}}.dump() << "\n";
    else
        std::fprintf(stderr, "run %lld exported to %s\n", static_cast<long long>(opts().runId), opts().output.c_str());
    return 0;
}

int importRun()
{
    const json doc = store::readRunExportFile(opts().input);
    auto st = openStore(Access::Create);
    const std::int64_t id = store::importRunJson(*st, doc, opts().input);
    if (opts().json)
        std::cout << json{{"id", id}, {"store", st->path().string()}}.dump() << "\n";
    else
        std::printf("imported %s as run %lld into %s\n", opts().input.c_str(), static_cast<long long>(id),
                    st->path().c_str());
    return 0;
}

// What differs between two runs' configs, setting by setting (the Runs view's diff).
int diffRuns()
{
    if (opts().runIds.size() != 2)
        throw ConfigError("runs diff takes two run ids, not " + std::to_string(opts().runIds.size()));
    auto st = openStore(Access::Read);
    const store::RunRecord a = st->run(opts().runIds[0]);
    const store::RunRecord b = st->run(opts().runIds[1]);
    const std::vector<api::SettingChange> diff = api::configDiff(a.config, b.config);
    if (opts().json) {
        json out = {{"runs", opts().runIds}, {"differences", json::array()}};
        for (const api::SettingChange& c : diff)
            out["differences"].push_back({{"setting", c.key}, {"before", c.before ? *c.before : json(nullptr)},
                                          {"after", c.after ? *c.after : json(nullptr)},
                                          {"present", {c.before.has_value(), c.after.has_value()}}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("run %lld (%s) -> run %lld (%s): %zu setting(s) differ\n", static_cast<long long>(a.id),
                printableMessage(a.name, 80).c_str(), static_cast<long long>(b.id), printableMessage(b.name, 80).c_str(),
                diff.size());
    for (const api::SettingChange& c : diff)
        std::printf("  %-32s %s -> %s\n", c.key.c_str(), printableMessage(api::settingText(c.before), 200).c_str(),
                    printableMessage(api::settingText(c.after), 200).c_str());
    return 0;
}

int deleteRuns()
{
    auto st = openStore(Access::Write);
    for (const std::int64_t id : opts().runIds)
        st->deleteRun(id);
    if (opts().json)
        std::cout << json{{"deleted", opts().runIds}}.dump() << "\n";
    else
        for (const std::int64_t id : opts().runIds)
            std::printf("deleted run %lld\n", static_cast<long long>(id));
    return 0;
}

} // namespace

void addRunsCommand(CLI::App& app)
{
    auto* runs = app.add_subcommand("runs", "Browse, export, import and delete runs of the experiment store");
    runs->require_subcommand(1);

    auto* list = runs->add_subcommand("list", "List runs, newest first");
    addCommon(list);
    list->add_option("--limit", opts().limit, "Show at most this many runs (0: all)");
    list->add_flag("--read-only", opts().readOnly, "Open the store read-only");
    list->callback([] { runGuarded(listRuns); });

    auto* show = runs->add_subcommand("show", "Show one run: config, status, curves, artifacts");
    addCommon(show);
    show->add_option("id", opts().runId, "Run id")->required();
    show->add_flag("--read-only", opts().readOnly, "Open the store read-only");
    show->callback([] { runGuarded(showRun); });

    auto* exp = runs->add_subcommand("export", "Export a run as JSON (everything) or CSV (metrics, predictions)");
    addCommon(exp);
    exp->add_option("id", opts().runId, "Run id")->required();
    exp->add_option("--format", opts().format, "json, metrics-csv or predictions-csv")->capture_default_str();
    exp->add_option("-o,--output", opts().output, "Output file (default: stdout)");
    exp->add_flag("--read-only", opts().readOnly, "Open the store read-only");
    exp->add_flag("--force", opts().force, "Replace the output file when it exists");
    exp->callback([] { runGuarded(exportRun); });

    auto* imp = runs->add_subcommand("import", "Import a run exported as JSON; it gets a new id");
    addCommon(imp);
    imp->add_option("file", opts().input, "Export file (JSON)")->required();
    imp->callback([] { runGuarded(importRun); });

    auto* diff = runs->add_subcommand("diff", "Show the config settings in which two runs differ");
    addCommon(diff);
    diff->add_option("ids", opts().runIds, "Two run ids: the first is 'before'")->required()->expected(2);
    diff->add_flag("--read-only", opts().readOnly, "Open the store read-only");
    diff->callback([] { runGuarded(diffRuns); });

    auto* del = runs->add_subcommand("delete", "Delete runs with their curves, predictions and artifact records");
    addCommon(del);
    del->add_option("ids", opts().runIds, "Run ids")->required();
    del->callback([] { runGuarded(deleteRuns); });
}

} // namespace persona::cli
