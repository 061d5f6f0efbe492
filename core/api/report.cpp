#include "core/api/report.h"

#include "core/api/evaluation.h"
#include "core/common/build_info.h"
#include "core/common/error.h"
#include "core/store/store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

namespace persona::api {

namespace fs = std::filesystem;

std::string htmlEscape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\n': out += "<br>"; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
                out += c;
        }
    }
    return out;
}

namespace {

// "0.333", or "+0.333" with `sign`; a dash for NaN.
std::string fixed(double v, int digits = 3, bool sign = false)
{
    if (std::isnan(v))
        return "&ndash;";
    char buf[64];
    std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", digits, v);
    return buf;
}

std::string signedFixed(double v, int digits = 3)
{
    return fixed(v, digits, true);
}

std::string joined(const std::vector<std::string>& parts, const char* empty = "&ndash;")
{
    if (parts.empty())
        return empty;
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + htmlEscape(p);
    return out;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key)
{
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array())
        for (const auto& s : j[key])
            if (s.is_string())
                out.push_back(s.get<std::string>());
    return out;
}

double number(const nlohmann::json& j, const char* key)
{
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : std::nan("");
}

const char* kStyle = R"(<style>
body { font-family: sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 18px; } h3 { font-size: 11pt; }
table.data { border-collapse: collapse; }
table.data td, table.data th { padding: 2px 6px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
table.data th { background-color: #eee; }
td.num { text-align: right; }
.shown { font-weight: bold; }
.muted { color: #666; }
.good { color: #1b7a2e; } .bad { color: #b3261e; }
</style>)";

std::string head(const std::string& title)
{
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + htmlEscape(title) + "</title>\n" + kStyle +
           "\n</head><body>\n";
}

std::string foot()
{
    return std::string("<p class=\"muted\">Made by Persona Workbench ") + kVersion + ".</p>\n</body></html>\n";
}

// A bar for a signed value around a centre line: leftward (blue) below 0, rightward (orange) above,
// `half` pixels at |value| == scale. Table cells, so browsers and Qt's rich text draw the same.
std::string signedBar(double value, double scale, int half = 70)
{
    if (std::isnan(value) || scale <= 0.0)
        return "";
    const int w = static_cast<int>(std::lround(std::min(1.0, std::abs(value) / scale) * half));
    auto cell = [](int width, const char* colour) {
        if (width <= 0)
            return std::string();
        return "<td width=\"" + std::to_string(width) + "\"" + (colour ? std::string(" bgcolor=\"") + colour + "\"" : "") +
               ">&nbsp;</td>";
    };
    std::string s = "<table cellspacing=\"0\" cellpadding=\"0\" width=\"" + std::to_string(2 * half + 1) + "\"><tr>";
    if (value < 0.0)
        s += cell(half - w, nullptr) + cell(w, "#3b78c4") + cell(1, "#888888") + cell(half, nullptr);
    else
        s += cell(half, nullptr) + cell(1, "#888888") + cell(w, "#e0823d") + cell(half - w, nullptr);
    return s + "</tr></table>";
}

// "Drama, Comedy" with the genres the truth shares in green and the others in red.
std::string markedGenres(const std::vector<std::string>& said, const std::vector<std::string>& truth)
{
    if (said.empty())
        return "&ndash;";
    std::string out;
    for (const auto& g : said) {
        const bool right = std::find(truth.begin(), truth.end(), g) != truth.end();
        out += (out.empty() ? "" : ", ") + std::string("<span class=\"") + (right ? "good" : "bad") + "\">" + htmlEscape(g) +
               "</span>";
    }
    return out;
}

std::string answerCell(const UserPredictionView& p)
{
    if (p.task == "next-item")
        return htmlEscape(p.output);
    return "Liked: " + markedGenres(p.liked, p.truthLiked) + "<br>Not liked: " + markedGenres(p.disliked, p.truthDisliked);
}

std::string scoreCell(const UserPredictionView& p)
{
    if (p.task == "next-item")
        return "ROUGE-L " + fixed(p.rougeL);
    return "F1 " + fixed(p.f1);
}

// The store record of a run folder (its config's outputDir names the same folder), or null.
std::optional<store::RunRecord> recordOf(store::Store& st, const std::string& runDir)
{
    std::error_code ec;
    for (const auto& r : st.listRuns()) {
        if (!r.config.contains("outputDir") || !r.config["outputDir"].is_string())
            continue;
        const std::string dir = r.config["outputDir"].get<std::string>();
        if (dir == runDir || fs::equivalent(dir, runDir, ec))
            return r;
    }
    return std::nullopt;
}

} // namespace

UserReport buildUserReport(const std::vector<TrainedRun*>& runs, const std::string& userKey, const UserReportOptions& options)
{
    if (runs.empty())
        throw ConfigError("report: name at least one run");
    for (TrainedRun* run : runs)
        if (!run->hasUser(userKey))
            throw ConfigError("report: run " + run->dir() + " has no user '" + userKey + "' in its dataset " + run->dataset());
    UserReport report;
    report.user = userKey;
    report.dataset = runs.front()->dataset();
    report.history = runs.front()->history(userKey);
    for (TrainedRun* run : runs) {
        UserReportPart part;
        part.runDir = run->dir();
        if (options.attribution) {
            part.explain = run->explain(userKey, options.batchSize, options.meanVector);
            part.hasExplain = true;
            part.prediction = part.explain.full;
        } else {
            part.prediction = run->predict(userKey);
        }
        if (options.neighbours && run->hasSoftPrompt()) {
            part.neighbours = run->neighbours(userKey, options.neighboursK);
            part.hasNeighbours = true;
        }
        report.parts.push_back(std::move(part));
    }
    return report;
}

UserReport buildUserReport(const std::vector<std::string>& runDirs, const std::string& userKey, const UserReportOptions& options)
{
    std::unique_ptr<store::Store> st;
    if (!options.storePath.empty()) {
        std::error_code ec;
        if (!fs::exists(options.storePath, ec))
            throw IoError(options.storePath + ": no experiment store there");
        store::StoreOptions so;
        so.readOnly = true;
        st = std::make_unique<store::Store>(options.storePath, so);
    }
    std::vector<std::unique_ptr<TrainedRun>> owned;
    std::vector<TrainedRun*> runs;
    for (const auto& dir : runDirs) {
        owned.push_back(TrainedRun::open(dir));
        runs.push_back(owned.back().get());
    }
    UserReport report = buildUserReport(runs, userKey, options);
    if (st) {
        std::vector<std::int64_t> ids;
        for (const auto& part : report.parts) {
            const auto record = recordOf(*st, part.runDir);
            ids.push_back(record ? record->id : 0);
        }
        addStoreNotes(report, *st, ids);
    }
    return report;
}

void addStoreNotes(UserReport& report, store::Store& st, const std::vector<std::int64_t>& storeRunIds)
{
    for (std::size_t i = 0; i < report.parts.size() && i < storeRunIds.size(); ++i) {
        if (storeRunIds[i] <= 0)
            continue;
        auto& part = report.parts[i];
        for (const auto& p : st.predictions(storeRunIds[i])) {
            if (p.userId != report.user)
                continue;
            part.note = p.note;
            part.tags.clear();
            for (const auto& t : p.tags)
                if (t.is_string())
                    part.tags.push_back(t.get<std::string>());
        }
    }
}

std::string userReportHtml(const UserReport& r)
{
    std::string h = head("User " + r.user + " - Persona Workbench");
    std::size_t shown = 0;
    for (const auto& item : r.history)
        shown += item.shown ? 1 : 0;
    h += "<h1>User " + htmlEscape(r.user) + "</h1>\n";
    h += "<p>Dataset " + htmlEscape(r.dataset) + ": " + std::to_string(r.history.size()) + " rated items, " +
         std::to_string(shown) + " of them shown to the methods (in bold below). Genres in an answer are green where the "
         "truth has them, red where it does not.</p>\n";

    // Each run's answer beside the truth.
    h += "<h2>Answers</h2>\n<table class=\"data\"><tr><th>Run</th><th>Method</th><th>Answer</th><th>Score</th>"
         "<th>Input tokens</th></tr>\n";
    for (const auto& part : r.parts) {
        const auto& p = part.prediction;
        h += "<tr><td>" + htmlEscape(part.runDir) + "</td><td>" + htmlEscape(p.method) + "</td><td>" + answerCell(p) +
             "</td><td class=\"num\">" + scoreCell(p) + "</td><td class=\"num\">" + std::to_string(p.inputTokens) +
             "</td></tr>\n";
    }
    if (!r.parts.empty()) {
        const auto& p = r.parts.front().prediction;
        h += "<tr><td><b>Truth</b></td><td></td><td>";
        h += p.task == "next-item" ? htmlEscape(p.target)
                                   : "Liked: " + joined(p.truthLiked) + "<br>Not liked: " + joined(p.truthDisliked);
        h += "</td><td></td><td></td></tr>\n";
    }
    h += "</table>\n";

    // The history.
    h += "<h2>History</h2>\n<table class=\"data\"><tr><th>#</th><th>Item</th><th>Genres</th><th>Rating</th><th>Shown</th></tr>\n";
    for (const auto& item : r.history) {
        const char* cls = item.shown ? " class=\"shown\"" : "";
        h += std::string("<tr") + cls + "><td class=\"num\">" + std::to_string(item.position + 1) + "</td><td>" +
             htmlEscape(item.title) + "</td><td>" + joined(item.genres) + "</td><td class=\"num\">" +
             (std::isnan(item.rating) ? "&ndash;" : fixed(item.rating, 1)) + "</td><td>" + (item.shown ? "shown" : "") +
             "</td></tr>\n";
    }
    h += "</table>\n";

    for (const auto& part : r.parts) {
        const auto& p = part.prediction;
        h += "<h2>" + htmlEscape(p.method) + " <span class=\"muted\">(" + htmlEscape(part.runDir) + ")</span></h2>\n";
        h += "<p>" + answerCell(p) + "<br>" + scoreCell(p) + "; " + std::to_string(p.inputTokens) + " input tokens, " +
             std::to_string(p.generatedTokens) + " generated.</p>\n";
        h += "<p class=\"muted\">Output: " + htmlEscape(p.output) + "</p>\n";
        if (!part.note.empty() || !part.tags.empty())
            h += "<p><b>Note:</b> " + htmlEscape(part.note) + (part.tags.empty() ? "" : " <b>Tags:</b> " + joined(part.tags)) +
                 "</p>\n";
        if (part.hasExplain) {
            const auto& e = part.explain;
            h += "<h3>Item attribution</h3>\n";
            if (!e.scored) {
                h += "<p>This method gives answers but no probabilities: each item's effect is the answer without it.</p>\n";
            } else {
                h += "<p>Each shown item left out in turn: the change in the log-probability of this answer and of the "
                     "truth (blue: the item made it more likely; orange: less likely), and what the answer gains or loses "
                     "without it.</p>\n";
            }
            double scale = 0.0;
            for (const auto& x : e.items)
                for (double d : {x.answerDelta, x.truthDelta})
                    if (!std::isnan(d))
                        scale = std::max(scale, std::abs(d));
            h += "<table class=\"data\"><tr><th>Item</th><th>Rating</th><th>Answer</th><th></th><th>Truth</th><th></th>"
                 "<th>Without it</th>";
            const bool salience = std::any_of(e.items.begin(), e.items.end(), [](const ItemEffectView& x) { return !std::isnan(x.salience); });
            if (salience)
                h += "<th>Salience</th>";
            const bool attention = std::any_of(e.items.begin(), e.items.end(), [](const ItemEffectView& x) { return !std::isnan(x.attention); });
            if (attention)
                h += "<th>Attention</th>";
            h += "</tr>\n";
            for (const auto& x : e.items) {
                std::vector<std::string> change;
                for (const auto& g : x.appeared)
                    change.push_back("+ " + g);
                for (const auto& g : x.vanished)
                    change.push_back("- " + g);
                h += "<tr><td>" + htmlEscape(x.title) + "</td><td class=\"num\">" +
                     (std::isnan(x.rating) ? "&ndash;" : fixed(x.rating, 1)) + "</td><td>" + signedBar(x.answerDelta, scale) +
                     "</td><td class=\"num\">" + signedFixed(x.answerDelta, 2) + "</td><td>" + signedBar(x.truthDelta, scale) +
                     "</td><td class=\"num\">" + signedFixed(x.truthDelta, 2) + "</td><td>" +
                     (change.empty() ? std::string("same answer") : joined(change)) + "</td>";
                if (salience)
                    h += "<td class=\"num\">" + signedFixed(x.salience, 3) + "</td>";
                if (attention)
                    h += "<td class=\"num\">" + fixed(x.attention, 3) + "</td>";
                h += "</tr>\n";
            }
            h += "</table>\n";
        }
        if (part.hasNeighbours) {
            const auto& n = part.neighbours;
            h += "<h3>Soft-prompt neighbours</h3>\n<p>The vocabulary words nearest each soft token (cosine); " +
                 fixed(100.0 * n.nearWordShare, 0) + "% of the tokens are near a real word. Mean vocabulary norm " +
                 fixed(n.meanVocabNorm, 2) + ".</p>\n";
            h += "<table class=\"data\"><tr><th>Token</th><th>Role</th><th>Norm</th><th>Nearest words</th></tr>\n";
            for (const auto& t : n.tokens) {
                std::vector<std::string> words;
                for (const auto& w : t.neighbours)
                    words.push_back(w.text + " (" + std::string(fixed(w.cosine, 2)) + ")");
                h += "<tr><td class=\"num\">" + std::to_string(t.index) + "</td><td>" + htmlEscape(t.role) +
                     "</td><td class=\"num\">" + fixed(t.norm, 2) + "</td><td>" + joined(words) + "</td></tr>\n";
            }
            h += "</table>\n";
        }
    }
    return h + foot();
}

nlohmann::json buildRunReport(const RunReportRequest& request)
{
    if (request.worst < 1)
        throw ConfigError("report: the number of worst users must be 1 or more, got " + std::to_string(request.worst));
    auto evaluate = [&request](const std::string& dir) {
        RunEvaluationRequest e;
        e.runDir = dir;
        e.split = request.split;
        e.device = request.device;
        e.generationBatch = request.generationBatch;
        e.sliceBy = {"all"};
        e.perUser = true;
        return evaluateRun(e);
    };
    nlohmann::json out;
    out["worst"] = request.worst;
    out["run"] = evaluate(request.runDir);
    out["compare"] = request.compareRunDir.empty() ? nlohmann::json(nullptr) : evaluate(request.compareRunDir);
    return out;
}

namespace {

// The user's score in a perUser row: F1 for genres, ROUGE-L for the next item.
double rowScore(const nlohmann::json& row)
{
    const double f1 = number(row, "f1");
    return std::isnan(f1) ? number(row, "rougeL") : f1;
}

std::string rowAnswer(const nlohmann::json& row)
{
    if (!row.contains("liked"))
        return htmlEscape(row.value("output", std::string()));
    return "Liked: " + markedGenres(strings(row, "liked"), strings(row, "truthLiked")) +
           "<br>Not liked: " + markedGenres(strings(row, "disliked"), strings(row, "truthDisliked"));
}

std::string rowTruth(const nlohmann::json& row)
{
    if (!row.contains("truthLiked"))
        return htmlEscape(row.value("target", std::string()));
    return "Liked: " + joined(strings(row, "truthLiked")) + "<br>Not liked: " + joined(strings(row, "truthDisliked"));
}

std::string summaryRows(const nlohmann::json& e)
{
    const bool genres = e.value("task", std::string("genres")) == "genres";
    std::string h;
    auto row = [&h](const std::string& name, const std::string& value, const std::string& note = "") {
        h += "<tr><td>" + name + "</td><td class=\"num\">" + value + "</td><td class=\"muted\">" + note + "</td></tr>\n";
    };
    row("Users", std::to_string(e.value("users", 0)));
    if (genres) {
        const double f1 = number(e, "f1"), cross = number(e, "crossUserF1");
        row("F1 (weighted)", fixed(f1), "against each user's own truth");
        row("F1 against other users' truths", fixed(cross), "crossUserF1: what a population answer would also get");
        row("Personal part", signedFixed(f1 - cross), "F1 minus crossUserF1");
    } else {
        row("ROUGE-L", fixed(number(e, "rougeL")));
        row("ROUGE-1", fixed(number(e, "rouge1")));
    }
    row("Different answers", std::to_string(e.value("distinctOutputs", 0)) + " of " + std::to_string(e.value("users", 0)),
        "1 means every user got the same answer");
    const double loss = number(e, "loss"), swapped = number(e, "swappedHistoryLoss");
    row("Loss", fixed(loss));
    row("Loss with another user's history", fixed(swapped), "above the loss by " + signedFixed(swapped - loss) +
                                                                 ": what the answers owe to the user's own history");
    if (e.contains("userTokenNorm"))
        row("User soft-token norm", fixed(number(e, "userTokenNorm"), 2),
            "the vocabulary's mean norm is " + fixed(number(e, "vocabularyNorm"), 2));
    return h;
}

} // namespace

std::string runReportHtml(const nlohmann::json& report)
{
    const nlohmann::json& e = report.at("run");
    const nlohmann::json* other = report.contains("compare") && report["compare"].is_object() ? &report["compare"] : nullptr;
    const std::size_t worst = report.value("worst", 10);
    const std::string runName = e.value("run", std::string());
    const std::string scoreName = e.value("task", std::string("genres")) == "genres" ? "F1" : "ROUGE-L";
    std::string h = head("Run " + runName + " - Persona Workbench");
    h += "<h1>Run " + htmlEscape(runName) + "</h1>\n<p>Method " + htmlEscape(e.value("method", std::string())) + ", " +
         htmlEscape(e.value("split", std::string())) + " split.</p>\n";

    h += "<h2>Scores and personalization</h2>\n<table class=\"data\"><tr><th></th><th>This run</th><th></th></tr>\n" +
         summaryRows(e) + "</table>\n";
    if (other)
        h += "<p>Compared with " + htmlEscape(other->value("run", std::string())) + " (" +
             htmlEscape(other->value("method", std::string())) + "):</p>\n<table class=\"data\"><tr><th></th><th>Other run</th><th></th></tr>\n" +
             summaryRows(*other) + "</table>\n";

    // Slices.
    if (e.contains("slices") && e["slices"].is_array() && !e["slices"].empty()) {
        h += "<h2>Slices</h2>\n<p>The scores for each kind of user (attributes from the dataset's user file where it has "
             "one; history length, mean rating and genre count for every dataset).</p>\n";
        h += "<table class=\"data\"><tr><th>Attribute</th><th>Value</th><th>Users</th><th>" + scoreName + "</th>" +
             (scoreName == "F1" ? "<th>crossUserF1</th>" : "") + "<th>Different answers</th></tr>\n";
        for (const auto& s : e["slices"]) {
            const double score = scoreName == "F1" ? number(s, "f1") : number(s, "rougeL");
            h += "<tr><td>" + htmlEscape(s.value("attribute", std::string())) + "</td><td>" +
                 htmlEscape(s.value("value", std::string())) + "</td><td class=\"num\">" + std::to_string(s.value("users", 0)) +
                 "</td><td class=\"num\">" + fixed(score) + "</td>" +
                 (scoreName == "F1" ? "<td class=\"num\">" + fixed(number(s, "crossUserF1")) + "</td>" : "") +
                 "<td class=\"num\">" + std::to_string(s.value("distinctOutputs", 0)) + "</td></tr>\n";
        }
        h += "</table>\n";
    }

    // Worst users.
    std::vector<const nlohmann::json*> rows;
    if (e.contains("perUser"))
        for (const auto& row : e["perUser"])
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const nlohmann::json* a, const nlohmann::json* b) {
        const double x = rowScore(*a), y = rowScore(*b);
        return !std::isnan(x) && (std::isnan(y) || x < y);
    });
    h += "<h2>Users it answers worst</h2>\n<p>The " + std::to_string(std::min(worst, rows.size())) + " lowest of " +
         std::to_string(rows.size()) + " users by " + scoreName + ".</p>\n";
    h += "<table class=\"data\"><tr><th>User</th><th>" + scoreName + "</th><th>Answer</th><th>Truth</th></tr>\n";
    for (std::size_t i = 0; i < rows.size() && i < worst; ++i)
        h += "<tr><td>" + htmlEscape(rows[i]->value("user", std::string())) + "</td><td class=\"num\">" +
             fixed(rowScore(*rows[i])) + "</td><td>" + rowAnswer(*rows[i]) + "</td><td>" + rowTruth(*rows[i]) + "</td></tr>\n";
    h += "</table>\n";

    // Answers many users share: a population answer shows up here.
    std::map<std::string, int> counts;
    for (const auto* row : rows)
        ++counts[row->value("output", std::string())];
    std::vector<std::pair<std::string, int>> shared(counts.begin(), counts.end());
    std::stable_sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    h += "<h2>Answers several users share</h2>\n";
    if (shared.empty() || shared.front().second < 2) {
        h += "<p>Every user got an answer of their own.</p>\n";
    } else {
        h += "<table class=\"data\"><tr><th>Users</th><th>Answer</th></tr>\n";
        for (std::size_t i = 0; i < shared.size() && i < 5 && shared[i].second >= 2; ++i)
            h += "<tr><td class=\"num\">" + std::to_string(shared[i].second) + "</td><td>" + htmlEscape(shared[i].first) +
                 "</td></tr>\n";
        h += "</table>\n";
    }

    // Disagreements with the other run.
    if (other && other->contains("perUser")) {
        std::map<std::string, const nlohmann::json*> theirs;
        for (const auto& row : (*other)["perUser"])
            theirs[row.value("user", std::string())] = &row;
        struct Gap {
            const nlohmann::json* mine;
            const nlohmann::json* theirs;
            double gap;
        };
        std::vector<Gap> gaps;
        for (const auto* row : rows) {
            const auto it = theirs.find(row->value("user", std::string()));
            if (it == theirs.end())
                continue;
            const double gap = rowScore(*row) - rowScore(*it->second);
            if (!std::isnan(gap))
                gaps.push_back({row, it->second, gap});
        }
        std::stable_sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) { return std::abs(a.gap) > std::abs(b.gap); });
        h += "<h2>Where the two runs disagree most</h2>\n<p>" + std::to_string(gaps.size()) +
             " users both runs answered, by the largest difference in " + scoreName + " (this run minus the other).</p>\n";
        h += "<table class=\"data\"><tr><th>User</th><th>Difference</th><th>This run</th><th>Other run</th><th>Truth</th></tr>\n";
        for (std::size_t i = 0; i < gaps.size() && i < worst; ++i)
            h += "<tr><td>" + htmlEscape(gaps[i].mine->value("user", std::string())) + "</td><td class=\"num\">" +
                 signedFixed(gaps[i].gap) + "</td><td>" + rowAnswer(*gaps[i].mine) + " (" + fixed(rowScore(*gaps[i].mine)) +
                 ")</td><td>" + rowAnswer(*gaps[i].theirs) + " (" + fixed(rowScore(*gaps[i].theirs)) + ")</td><td>" +
                 rowTruth(*gaps[i].mine) + "</td></tr>\n";
        h += "</table>\n";
    }
    return h + foot();
}

} // namespace persona::api
