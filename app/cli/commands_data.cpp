// `persona data stats`, `persona data user` and `persona eval --method counting|text-zeroshot`:
// the datasets, the genre task and the baselines that need no training.
#include "app/cli/commands.h"
#include "app/cli/progress.h"

#include "core/api/models.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/data/genre_task.h"
#include "core/data/sampling.h"
#include "core/data/user_split.h"
#include "core/eval/baselines.h"
#include "core/eval/classification_metrics.h"
#include "core/eval/genre_parser.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <iostream>

namespace persona::cli {
namespace {

using nlohmann::json;

struct DatasetFlags {
    std::string dataset = "ml-100k";
    std::uint32_t minItemRatings = 20;
    bool strict = false;
};

void addDatasetFlags(CLI::App* cmd, DatasetFlags& f)
{
    cmd->add_option("--dataset", f.dataset, "A dataset folder or file, or ml-100k (the default)")->capture_default_str();
    cmd->add_option("--min-item-ratings", f.minItemRatings, "Drop items with fewer ratings")->capture_default_str();
    cmd->add_flag("--strict", f.strict, "Stop at the first malformed line instead of skipping it");
}

data::Dataset openDataset(const DatasetFlags& f)
{
    const auto dataDir = api::defaultModelPaths().modelsDir + "/data";
    data::LoadOptions lo;
    lo.minItemRatings = f.minItemRatings;
    lo.strict = f.strict;
    auto ds = data::loadDataset(data::resolveDatasetPath(f.dataset, dataDir), lo);
    if (ds.report.skippedLines > 0)
        std::fprintf(stderr, "persona: %s: skipped %llu malformed line(s); first: %s\n", ds.source.c_str(),
                     static_cast<unsigned long long>(ds.report.skippedLines),
                     ds.report.messages.empty() ? "" : ds.report.messages.front().c_str());
    return ds;
}

json genreNames(const data::Dataset& ds, const std::vector<std::uint16_t>& ids)
{
    json out = json::array();
    for (auto g : ids)
        out.push_back(ds.genres.at(g));
    return out;
}

std::string isoDate(std::int64_t t)
{
    if (t == data::kNoTimestamp)
        return {};
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

void addStats(CLI::App* data)
{
    static DatasetFlags f;
    static bool asJson = false;
    auto* cmd = data->add_subcommand("stats", "Users, items, ratings, genres and format of a dataset");
    addDatasetFlags(cmd, f);
    cmd->add_flag("--json", asJson, "Print JSON on stdout");
    cmd->callback([] {
        runGuarded([] {
            const auto ds = openDataset(f);
            const auto dist = data::labelDistribution(ds);
            json labels = json::array();
            for (const auto& g : dist.genres)
                labels.push_back({{"genre", g.genre}, {"liked", g.liked}, {"disliked", g.disliked}});
            const json out{{"source", ds.source},
                           {"format", data::datasetFormatName(ds.format)},
                           {"users", ds.users.size()},
                           {"items", ds.items.size()},
                           {"ratings", ds.ratingCount()},
                           {"genres", ds.genres},
                           {"skipped_lines", ds.report.skippedLines},
                           {"dropped_items", ds.report.droppedItems},
                           {"labels", {{"users_with_labels", dist.usersWithLabels}, {"liked", dist.liked},
                                       {"disliked", dist.disliked}, {"per_genre", labels}}}};
            if (asJson) {
                std::cout << out.dump(2) << "\n";
            } else {
                std::cout << ds.source << " (" << out["format"].get<std::string>() << "): " << ds.users.size()
                          << " users, " << ds.items.size() << " items, " << ds.ratingCount() << " ratings, "
                          << ds.genres.size() << " genres\n";
            }
            return 0;
        });
    });
}

// The profile of profile-augmented prompting as JSON: counts, means and the extreme items' titles.
json profileJson(const data::Dataset& ds, const data::User& user, const data::UserProfile& p)
{
    json genres = json::array();
    for (const data::GenreProfile& g : p.genres)
        genres.push_back({{"genre", ds.genres[g.genre]},
                          {"items", g.items},
                          {"rated", g.rated},
                          {"mean_rating", g.rated ? json(g.meanRating) : json(nullptr)}});
    auto titles = [&](const std::vector<std::size_t>& positions) {
        json out = json::array();
        for (std::size_t pos : positions)
            out.push_back({{"position", pos},
                           {"title", ds.items[user.history[pos].item].title},
                           {"rating", user.history[pos].rating}});
        return out;
    };
    return {{"items", p.items},
            {"rated", p.rated},
            {"mean_rating", p.rated ? json(p.meanRating) : json(nullptr)},
            {"genres", genres},
            {"highest", titles(p.highest)},
            {"lowest", titles(p.lowest)}};
}

void addUser(CLI::App* data)
{
    static DatasetFlags f;
    static std::string userKey, sampling = "recency";
    static std::size_t history = 10;
    static std::uint64_t seed = 0;
    static bool asJson = false;
    auto* cmd = data->add_subcommand("user", "A user's history with the sampled items marked, and their genres");
    addDatasetFlags(cmd, f);
    cmd->add_option("--user", userKey, "User id as in the dataset")->required();
    cmd->add_option("--history", history, "History size N kept by the sampling strategy")->capture_default_str();
    cmd->add_option("--sampling", sampling, "recency, random, long-tail, top-k, genre or retrieval (the items closest to each genre's description, by the sentence encoder)")->capture_default_str();
    cmd->add_option("--seed", seed, "Seed of the random strategies")->capture_default_str();
    cmd->add_flag("--json", asJson, "Print JSON on stdout");
    cmd->callback([] {
        runGuarded([] {
            const auto strategy = data::parseSampling(sampling);
            const auto ds = openDataset(f);
            const auto index = ds.findUser(userKey);
            if (!index)
                throw ConfigError(ds.source + ": no user with id '" + userKey + "'");
            const auto& user = ds.users[*index];
            data::HistorySampler sampler(ds);
            prepareSampler(sampler, ds, strategy, "genres");
            const auto kept = sampler.sample(user, strategy, history, seed);
            std::vector<bool> isKept(user.history.size(), false);
            for (auto p : kept)
                isKept[p] = true;
            const auto labels = data::genreLabels(ds, user);
            const data::UserProfile profile = data::userProfile(ds, user, kept);
            const auto split = data::splitUsers(ds);
            std::string splitName = "none";
            for (auto s : {data::Split::Train, data::Split::Validation, data::Split::Test})
                for (auto u : split.part(s))
                    if (u == *index)
                        splitName = data::splitName(s);
            json items = json::array();
            for (std::size_t i = 0; i < user.history.size(); ++i) {
                const auto& in = user.history[i];
                const auto& item = ds.items[in.item];
                items.push_back({{"title", item.title},
                                 {"rating", in.hasRating() ? json(in.rating) : json(nullptr)},
                                 {"date", isoDate(in.timestamp)},
                                 {"genres", genreNames(ds, item.genres)},
                                 {"popularity", item.popularity},
                                 {"sampled", static_cast<bool>(isKept[i])}});
            }
            const json out{{"user", user.key},
                           {"split", splitName},
                           {"sampling", data::samplingName(strategy)},
                           {"history_size", history},
                           {"liked", genreNames(ds, labels.liked)},
                           {"disliked", genreNames(ds, labels.disliked)},
                           {"target", data::targetText(ds, labels)},
                           {"sampled_text", data::historyText(ds, user, kept)},
                           {"profile", profileJson(ds, user, profile)},
                           {"profile_text", data::profileText(ds, user, profile)},
                           {"history", items}};
            if (asJson) {
                std::cout << out.dump(2) << "\n";
            } else {
                std::cout << "user " << user.key << " (" << splitName << "): " << out["target"].get<std::string>()
                          << "\n";
                for (std::size_t i = 0; i < user.history.size(); ++i)
                    std::cout << (isKept[i] ? " * " : "   ") << items[i]["date"].get<std::string>() << "  "
                              << ds.items[user.history[i].item].title << "\n";
                std::cout << "profile of the sampled items (* above):\n" << out["profile_text"].get<std::string>() << "\n";
            }
            return 0;
        });
    });
}

} // namespace

// `persona eval --method ...`: the baselines. Runs of trained methods (`--run`) are evaluated by
// evalRun in the training commands; both share this subcommand.
std::function<void()> addBaselineEval(CLI::App* cmd)
{
    struct Opts {
        DatasetFlags data;
        std::string method = "counting";
        std::size_t history = 10;
        std::string sampling = "recency";
        std::string split = "test";
        std::size_t limit = 0;
        std::uint64_t seed = 0;
        std::string device = "auto";
        int maxTokens = 48;
        bool json = false;
        std::string task = "genres";
        std::size_t holdout = 1;
        std::string promptContent = "history";
    };
    static Opts o;
    addDatasetFlags(cmd, o.data);
    cmd->add_option("--method", o.method,
                    "counting, popular (the training users' most liked and disliked genres, the same for everyone), "
                    "sampled-rule (the labelling rule applied to the sampled items only: how much they can tell) or "
                    "text-zeroshot")
        ->check(CLI::IsMember({"counting", "popular", "sampled-rule", "text-zeroshot"}));
    cmd->add_option("--history", o.history, "History size N")->capture_default_str();
    cmd->add_option("--sampling", o.sampling, "recency, random, long-tail, top-k, genre or retrieval (the items closest to each genre's description, by the sentence encoder)")->capture_default_str();
    cmd->add_option("--split", o.split, "train, validation or test")->capture_default_str();
    cmd->add_option("--limit", o.limit, "Evaluate at most this many users (0: all)");
    cmd->add_option("--seed", o.seed, "Seed of the random sampling strategies")->capture_default_str();
    cmd->add_option("--device", o.device, "Decoder device for text-zeroshot")->capture_default_str();
    cmd->add_option("--max-tokens", o.maxTokens, "New tokens at most for text-zeroshot")->capture_default_str();
    cmd->add_flag("--json", o.json, "Print JSON on stdout");
    cmd->add_option("--task", o.task, "genres, or next-item (text-zeroshot only: ROUGE-1, ROUGE-L, Persona-F1)")
        ->check(CLI::IsMember({"genres", "next-item"}))
        ->capture_default_str();
    cmd->add_option("--holdout", o.holdout, "next-item: final items held out; the target is the first of them")
        ->capture_default_str();
    cmd->add_option("--prompt-content", o.promptContent,
                    "text-zeroshot: what the prompt shows of the sample: history (the items), profile (per-genre "
                    "counts and mean ratings, the highest and lowest rated) or profile-history (both)")
        ->capture_default_str();
    return [] {
        runGuarded([] {
            const auto strategy = data::parseSampling(o.sampling);
            const auto content = data::parsePromptContent(o.promptContent);
            if (content != data::PromptContent::History && o.method != "text-zeroshot")
                throw ConfigError("eval: --prompt-content " + o.promptContent + " needs --method text-zeroshot (" +
                                  o.method + " reads no prompt)");
            const auto split = data::parseSplit(o.split);
            if (o.task == "next-item" && o.method != "text-zeroshot")
                throw ConfigError("eval: --task next-item needs --method text-zeroshot (counting, popular and sampled-rule "
                                  "predict genres only)");
            if (o.task == "next-item" && o.holdout == 0)
                throw ConfigError("eval: --holdout must be at least 1");
            const auto ds = openDataset(o.data);
            const data::UserSplit parts = data::splitUsers(ds);
            const auto& users = parts.part(split);
            if (o.task == "next-item")
                return evalNextItemBaseline({ds, users, o.limit, strategy, o.history, o.seed, o.holdout,
                                             data::splitName(split), o.device, o.maxTokens, o.json, o.promptContent});
            const std::size_t n = o.limit ? std::min(o.limit, users.size()) : users.size();
            data::HistorySampler sampler(ds);
            prepareSampler(sampler, ds, strategy, "genres");
            eval::MultiLabelScorer scorer(ds.genres);
            const eval::GenreVocabulary vocab(ds.genres);
            const data::GenreLabels popular = eval::popularBaseline(ds, parts.train);
            std::unique_ptr<api::TextGenerator> gen;
            if (o.method == "text-zeroshot") {
                api::EngineOptions eo;
                eo.device = o.device;
                gen = api::TextGenerator::open(api::defaultModelPaths().decoder, eo);
            }
            json examples = json::array(); // the first few outputs, for a look at what the model writes
            double inputTokens = 0;
            std::size_t overContext = 0;
            const auto t0 = std::chrono::steady_clock::now();
            Progress progress("eval " + o.method, n);
            for (std::size_t i = 0; i < n; ++i) {
                const auto& user = ds.users[users[i]];
                const auto kept = sampler.sample(user, strategy, o.history, o.seed);
                const auto truth = data::genreLabels(ds, user);
                if (o.method == "popular") {
                    scorer.add(truth, popular);
                } else if (o.method == "sampled-rule") {
                    scorer.add(truth, eval::sampledRuleBaseline(ds, user, kept));
                } else if (!gen) {
                    scorer.add(truth, eval::countingBaseline(ds, user, kept));
                } else {
                    const auto prompt = eval::zeroShotPrompt(ds, user, kept, {}, content);
                    const ZeroShotReply reply = zeroShotReply(*gen, prompt.user, prompt.system, o.maxTokens);
                    inputTokens += reply.promptTokens;
                    if (reply.overContext) {
                        ++overContext;
                        scorer.add(truth, eval::ParsedGenres{});
                    } else {
                        scorer.add(truth, eval::parseGenreText(reply.text, vocab));
                        if (examples.size() < 3)
                            examples.push_back({{"user", user.key}, {"output", reply.text},
                                                {"truth", data::targetText(ds, truth)}, {"input_tokens", reply.promptTokens}});
                    }
                }
                progress.update(i + 1);
            }
            progress.finish();
            const auto r = scorer.result();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            json out{{"method", o.method},
                     {"dataset", ds.source},
                     {"split", data::splitName(split)},
                     {"sampling", data::samplingName(strategy)},
                     {"history", o.history},
                     {"promptContent", data::promptContentName(content)},
                     {"users", n},
                     {"f1", r.weighted.f1},
                     {"precision", r.weighted.precision},
                     {"recall", r.weighted.recall},
                     {"micro", {{"f1", r.micro.f1}, {"precision", r.micro.precision}, {"recall", r.micro.recall}}},
                     {"macro", {{"f1", r.macro.f1}, {"precision", r.macro.precision}, {"recall", r.macro.recall}}},
                     {"avg_input_tokens", gen && n ? inputTokens / static_cast<double>(n) : 0.0},
                     {"crossUserF1", n >= 2 ? json(scorer.crossUserF1()) : json(nullptr)},
                     {"seconds", seconds}};
            if (o.method == "popular")
                out["answer"] = data::targetText(ds, popular); // everyone's
            if (gen) {
                out["over_context"] = overContext;
                out["examples"] = examples;
                out["context_length"] = gen->contextLength();
                if (overContext)
                    std::fprintf(stderr, "persona: %zu prompt(s) exceed the decoder's context of %d tokens; scored as empty\n",
                                 overContext, gen->contextLength());
            }
            if (o.json)
                std::cout << out.dump(2) << "\n";
            else
                std::printf("%s on %zu %s users: F1 %.4f  P %.4f  R %.4f  F1 against other users' truths %.4f\n",
                            o.method.c_str(), n, data::splitName(split), r.weighted.f1, r.weighted.precision,
                            r.weighted.recall, n >= 2 ? out["crossUserF1"].get<double>() : 0.0);
            return 0;
        });
    };
}

void addDataCommands(CLI::App& app)
{
    auto* data = app.add_subcommand("data", "Datasets and users");
    data->require_subcommand(1);
    addStats(data);
    addUser(data);
}

} // namespace persona::cli
