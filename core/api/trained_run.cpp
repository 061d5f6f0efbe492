#include "core/api/trained_run.h"

#include "core/api/genre_names.h"
#include "core/common/error.h"
#include "core/data/history_edit.h"
#include "core/eval/genre_parser.h"
#include "core/methods/checkpoint.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/methods/text/text_prompt_method.h"
#include "core/train/attribution.h"
#include "core/train/evaluator.h"
#include "core/train/run.h"
#include "core/tokenizers/tokenizer.h"
#include "core/train/run_config.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>

namespace persona::api {

namespace fs = std::filesystem;

struct TrainedRun::Impl {
    std::string dir;
    std::unique_ptr<train::Run> run;
    // Held while the model runs: a decoder shared with other runs (one per file in the process,
    // issue 33 defect 7) is used by one of them at a time. Empty for a decoder of its own.
    std::unique_lock<std::mutex> lockDecoder() const
    {
        const auto mutex = run->decoderMutex();
        return mutex ? std::unique_lock<std::mutex>(*mutex) : std::unique_lock<std::mutex>();
    }
};

namespace {

// Puts the run's final state back when an intermediate checkpoint was loaded, also on errors.
class FinalStateGuard {
public:
    FinalStateGuard(methods::Method& method, std::string finalPath) : m_method(method), m_path(std::move(finalPath)) {}
    ~FinalStateGuard()
    {
        try {
            m_method.loadTrainedState(methods::loadCheckpoint(m_path), m_path);
        } catch (...) {
            // The same file loaded when the run was opened; nothing sensible left to do here.
        }
    }
    FinalStateGuard(const FinalStateGuard&) = delete;
    FinalStateGuard& operator=(const FinalStateGuard&) = delete;

private:
    methods::Method& m_method;
    std::string m_path;
};

} // namespace

TrainedRun::TrainedRun() : m_impl(std::make_unique<Impl>()) {}
TrainedRun::~TrainedRun() = default;

std::unique_ptr<TrainedRun> TrainedRun::open(const std::string& dir, const std::string& device)
{
    std::unique_ptr<TrainedRun> r(new TrainedRun);
    r->m_impl->dir = dir;
    r->m_impl->run = train::Run::open(dir, device, nullptr, /*shareFrozenDecoder=*/true);
    return r;
}

std::unique_ptr<TrainedRun> TrainedRun::openOn(const std::string& dir, const std::string& dataset,
                                               std::uint32_t minItemRatings, const std::string& device)
{
    std::unique_ptr<TrainedRun> r(new TrainedRun);
    r->m_impl->dir = dir;
    const train::Run::OtherDataset other{dataset, minItemRatings};
    r->m_impl->run = train::Run::open(dir, device, &other, /*shareFrozenDecoder=*/true);
    return r;
}

std::unique_ptr<TrainedRun> TrainedRun::openZeroShot(const std::string& configJson, const std::string& device,
                                                     const std::string& dataset, std::uint32_t minItemRatings)
{
    nlohmann::json j = nlohmann::json::parse(configJson, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw ConfigError("zero-shot run: the config is not a JSON object");
    j.erase("decoderIdentity");
    train::RunConfig c = train::RunConfig::fromSavedJson(j);
    c.method = &methods::zeroShotSpec();
    if (!device.empty())
        c.device = device;
    if (!dataset.empty()) {
        c.dataset = dataset;
        c.dataDir.clear();
        c.minItemRatings = minItemRatings;
    }
    std::unique_ptr<TrainedRun> r(new TrainedRun);
    r->m_impl->run = std::make_unique<train::Run>(c, /*shareFrozenDecoder=*/true);
    return r;
}

std::string TrainedRun::dir() const
{
    return m_impl->dir;
}

std::string TrainedRun::dataset() const
{
    return m_impl->run->dataset().source;
}

std::string TrainedRun::method() const
{
    // A zero-shot run is a frozen text-prompting method; name it after what the user chose.
    if (m_impl->run->config().method->labelIsName)
        return m_impl->run->config().method->name;
    return m_impl->run->method().name();
}

bool TrainedRun::hasSoftPrompt() const
{
    return m_impl->run->persoma() != nullptr;
}

bool TrainedRun::hasAttention() const
{
    const auto* p = m_impl->run->persoma();
    return p && p->config().adapter.kind == methods::AdapterKind::Perceiver;
}

std::vector<std::string> TrainedRun::userKeys(const std::string& split) const
{
    const auto& ds = m_impl->run->dataset();
    std::vector<std::string> out;
    if (split == "all") {
        for (const auto& u : ds.users)
            out.push_back(u.key);
        return out;
    }
    for (std::size_t u : m_impl->run->split().part(data::parseSplit(split)))
        out.push_back(ds.users.at(u).key);
    return out;
}

bool TrainedRun::hasUser(const std::string& userKey) const
{
    return m_impl->run->dataset().findUser(userKey).has_value();
}

namespace {

// The input of one example as a person reads it (UserPredictionView::inputText, shownItems).
void describeInput(train::Run& run, const methods::Example& e, UserPredictionView& v)
{
    const data::Dataset& ds = run.dataset();
    const data::User& user = ds.users.at(e.user);
    for (std::size_t pos : e.positions) {
        const data::Interaction& h = user.history.at(pos);
        std::string line = ds.items.at(h.item).title;
        if (h.hasRating()) {
            char rating[32];
            std::snprintf(rating, sizeof rating, " (rated %g)", static_cast<double>(h.rating));
            line += rating;
        }
        v.shownItems.push_back(std::move(line));
    }
    std::string text;
    if (auto* persoma = run.persoma()) {
        torch::NoGradGuard noGrad;
        const std::int64_t soft = persoma->softPrompt(e).size(0);
        const std::int64_t task = persoma->config().taskTokens;
        text = "[" + std::to_string(soft - task) + " soft tokens written from the " + std::to_string(e.positions.size()) +
               " items below, then " + std::to_string(task) + " learnt task tokens]\n";
    }
    if (const tokenizers::Tokenizer* tok = run.decoderTokenizer()) {
        const std::vector<std::int32_t> ids(e.promptIds.begin(), e.promptIds.end());
        text += tok->decode(ids, false);
    }
    v.inputText = std::move(text);
}

// The Perceiver's last cross-attention layer for one example: [latents, items] (rows sum to 1).
torch::Tensor itemAttention(train::Run& run, const methods::Example& e)
{
    torch::NoGradGuard noGrad;
    auto* p = run.persoma();
    return p->adapter().lastItemAttention(p->adapterInput(e)).to(torch::kFloat32).contiguous();
}

// Each item's share of the attention, averaged over the latents (the shares add up to 1).
std::vector<double> itemAttentionShares(train::Run& run, const methods::Example& e)
{
    const torch::Tensor shares = itemAttention(run, e).mean(0).to(torch::kFloat64).contiguous();
    const double* d = shares.data_ptr<double>();
    return std::vector<double>(d, d + shares.numel());
}

UserPredictionView predictionView(train::Run& run, const std::string& method, const std::string& userKey,
                                  const methods::Example& e, const methods::Prediction& p)
{
    const data::Dataset& ds = run.dataset();
    UserPredictionView v;
    v.user = userKey;
    v.method = method;
    v.dataset = ds.source;
    v.task = methods::taskName(e.task);
    v.output = p.text;
    v.target = e.targetText;
    if (e.task == methods::TaskKind::NextItem) {
        const train::NextItemScores sc = train::scoreNextItem(ds, e, p.text);
        v.rouge1 = sc.rouge1;
        v.rougeL = sc.rougeL;
        v.personaF1 = sc.personaF1;
    } else {
        const eval::ParsedGenres parsed = eval::parseGenreText(p.text, eval::GenreVocabulary(ds.genres));
        v.liked = genreNames(ds, parsed.liked);
        v.disliked = genreNames(ds, parsed.disliked);
        v.truthLiked = genreNames(ds, e.labels.liked);
        v.truthDisliked = genreNames(ds, e.labels.disliked);
        v.f1 = train::userF1(ds, e.labels, parsed);
    }
    v.historyItems = static_cast<int>(e.positions.size());
    describeInput(run, e, v);
    v.inputTokens = p.inputTokens;
    v.generatedTokens = p.generatedTokens;
    v.latencySeconds = p.seconds;
    return v;
}

} // namespace

UserPredictionView TrainedRun::predict(const std::string& userKey)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    const methods::Example e = run.example(userKey);
    const methods::Prediction p = run.method().predict(e, run.config().train.eval.generation);
    return predictionView(run, method(), userKey, e, p);
}

UserPredictionView TrainedRun::input(const std::string& userKey)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    const methods::Example e = run.example(userKey);
    UserPredictionView v;
    v.user = userKey;
    v.method = method();
    v.dataset = run.dataset().source;
    v.task = methods::taskName(e.task);
    v.target = e.targetText;
    v.historyItems = static_cast<int>(e.positions.size());
    v.inputTokens = static_cast<int>(e.promptIds.size());
    describeInput(run, e, v);
    return v;
}

std::vector<UserPredictionView> TrainedRun::predictMany(const std::vector<std::string>& userKeys, int batchSize)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    if (batchSize < 0)
        throw ConfigError("predict: the batch size must be 0 (automatic) or more, got " + std::to_string(batchSize));
    std::vector<methods::Example> examples;
    examples.reserve(userKeys.size());
    for (const std::string& key : userKeys)
        examples.push_back(run.example(key)); // throws naming an unknown user before any generation
    std::vector<const methods::Example*> pointers;
    for (const auto& e : examples)
        pointers.push_back(&e);
    const auto predictions = run.method().predictBatch(pointers, run.config().train.eval.generation, batchSize);
    std::vector<UserPredictionView> views;
    for (std::size_t i = 0; i < examples.size(); ++i)
        views.push_back(predictionView(run, method(), userKeys[i], examples[i], predictions.at(i)));
    return views;
}

namespace {

// "liked Drama", "not liked Horror": what `now` says that `before` does not.
std::vector<std::string> genresGained(const UserPredictionView& before, const UserPredictionView& now)
{
    std::vector<std::string> out;
    auto add = [&out](const std::vector<std::string>& was, const std::vector<std::string>& is, const char* label) {
        for (const auto& g : is)
            if (std::find(was.begin(), was.end(), g) == was.end())
                out.push_back(std::string(label) + g);
    };
    add(before.liked, now.liked, "liked ");
    add(before.disliked, now.disliked, "not liked ");
    return out;
}

} // namespace

std::vector<HistoryItemView> TrainedRun::history(const std::string& userKey) const
{
    train::Run& run = *m_impl->run;
    const methods::Example e = run.example(userKey);
    const data::Dataset& ds = run.dataset();
    const data::User& user = ds.users.at(e.user);
    std::vector<HistoryItemView> out;
    out.reserve(user.history.size());
    for (std::size_t pos = 0; pos < user.history.size(); ++pos) {
        const data::Interaction& h = user.history[pos];
        const data::Item& item = ds.items.at(h.item);
        HistoryItemView v;
        v.position = static_cast<int>(pos);
        v.item = item.key;
        v.title = item.title;
        v.genres = genreNames(ds, item.genres);
        if (h.hasRating())
            v.rating = h.rating;
        v.shown = std::find(e.positions.begin(), e.positions.end(), pos) != e.positions.end();
        out.push_back(std::move(v));
    }
    return out;
}

ExplainView TrainedRun::explain(const std::string& userKey, int batchSize, bool meanVector)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    const methods::Example e = run.example(userKey);
    const train::Attribution a = train::attributeItems(run, e, batchSize, meanVector);
    const data::Dataset& ds = run.dataset();
    const data::User& user = ds.users.at(e.user);
    ExplainView v;
    v.full = predictionView(run, method(), userKey, e, a.full.prediction);
    v.scored = a.scored;
    v.answerLogProb = a.full.answerLogProb;
    v.truthLogProb = a.full.truthLogProb;
    v.answerTokens = a.answerTokens;
    v.seconds = a.seconds;
    v.generateSeconds = a.generateSeconds;
    v.scoreSeconds = a.scoreSeconds;
    v.salienceSeconds = a.salienceSeconds;
    for (const train::ItemAttribution& item : a.items) {
        ItemEffectView x;
        x.position = static_cast<int>(item.position);
        const data::Interaction& h = user.history.at(item.position);
        x.title = ds.items.at(h.item).title;
        if (h.hasRating())
            x.rating = h.rating;
        x.leftOut = predictionView(run, method(), userKey, item.leftOut.input, item.leftOut.prediction);
        x.answerDelta = item.leftOut.answerLogProb - a.full.answerLogProb;
        x.truthDelta = item.leftOut.truthLogProb - a.full.truthLogProb;
        x.appeared = genresGained(v.full, x.leftOut);
        x.vanished = genresGained(x.leftOut, v.full);
        if (item.hasMeanVector) {
            x.hasMeanVector = true;
            x.meanVector = predictionView(run, method(), userKey, item.meanVector.input, item.meanVector.prediction);
            x.meanAnswerDelta = item.meanVector.answerLogProb - a.full.answerLogProb;
            x.meanTruthDelta = item.meanVector.truthLogProb - a.full.truthLogProb;
            x.meanAppeared = genresGained(v.full, x.meanVector);
            x.meanVanished = genresGained(x.meanVector, v.full);
        }
        x.salience = item.salience;
        v.items.push_back(std::move(x));
    }
    if (hasAttention()) {
        // The Perceiver's attention beside leave-one-out: each shown item's share over the latents.
        const std::vector<double> shares = itemAttentionShares(run, e);
        for (ItemEffectView& x : v.items) {
            const auto at = std::find(e.positions.begin(), e.positions.end(), static_cast<std::size_t>(x.position));
            if (at != e.positions.end() && static_cast<std::size_t>(at - e.positions.begin()) < shares.size())
                x.attention = shares[static_cast<std::size_t>(at - e.positions.begin())];
        }
    }
    return v;
}

namespace {

data::HistoryEdit::Kind editKind(const std::string& kind)
{
    if (kind == "drop")
        return data::HistoryEdit::Kind::Drop;
    if (kind == "rate")
        return data::HistoryEdit::Kind::Rate;
    if (kind == "add")
        return data::HistoryEdit::Kind::Add;
    throw ConfigError("history edit '" + kind + "': expected drop, rate or add");
}

data::HistoryEdit toEdit(const HistoryEditSpec& s)
{
    data::HistoryEdit e;
    e.kind = editKind(s.kind);
    e.item = s.item;
    e.rating = static_cast<float>(s.rating);
    return e;
}

// Puts the user's own history back when the what-if prediction ends, also on errors.
class HistoryRestore {
public:
    HistoryRestore(train::Run& run, std::size_t user, std::vector<data::Interaction> edited)
        : m_run(run), m_user(user), m_saved(run.swapUserHistory(user, std::move(edited)))
    {
    }
    ~HistoryRestore() { m_run.swapUserHistory(m_user, std::move(m_saved)); }
    HistoryRestore(const HistoryRestore&) = delete;
    HistoryRestore& operator=(const HistoryRestore&) = delete;

private:
    train::Run& m_run;
    std::size_t m_user;
    std::vector<data::Interaction> m_saved;
};

} // namespace

HistoryEditSpec parseHistoryEditSpec(const std::string& kind, const std::string& text)
{
    const data::HistoryEdit e = data::parseHistoryEdit(editKind(kind), text);
    return {kind, e.item, static_cast<double>(e.rating)};
}

WhatIfView TrainedRun::whatIf(const std::string& userKey, const std::vector<HistoryEditSpec>& specs)
{
    train::Run& run = *m_impl->run;
    const data::Dataset& ds = run.dataset();
    const auto user = ds.findUser(userKey);
    if (!user)
        throw ConfigError("user '" + userKey + "' is not in " + ds.source);
    if (specs.empty())
        throw ConfigError("what-if for user " + userKey + ": no edit given (drop, rate or add an item)");
    std::vector<data::HistoryEdit> edits;
    for (const HistoryEditSpec& s : specs)
        edits.push_back(toEdit(s));
    std::vector<data::Interaction> edited = data::applyHistoryEdits(ds, ds.users[*user], edits); // checks first
    WhatIfView v;
    for (const data::HistoryEdit& e : edits)
        v.edits.push_back(data::describeHistoryEdit(ds, e));
    v.original = predict(userKey);
    {
        HistoryRestore restore(run, *user, std::move(edited));
        v.edited = predict(userKey);
    }
    v.appeared = genresGained(v.original, v.edited);
    v.vanished = genresGained(v.edited, v.original);
    return v;
}

NeighbourView TrainedRun::neighbours(const std::string& userKey, int k, double threshold, int checkpointStep)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    if (!run.persoma())
        throw ConfigError(m_impl->dir + ": soft-prompt neighbours need a PERSOMA run, this one is " + method());
    std::unique_ptr<FinalStateGuard> restore;
    if (checkpointStep >= 0) {
        const methods::StepCheckpoint c = methods::requireStepCheckpoint(m_impl->dir, checkpointStep);
        const auto state = methods::loadCheckpoint(c.path); // before the guard: a bad file changes nothing
        restore = std::make_unique<FinalStateGuard>(run.method(), (fs::path(m_impl->dir) / "checkpoint.safetensors").string());
        run.method().loadTrainedState(state, c.path);
    }
    const methods::NeighbourReport r = run.neighbours(userKey, k, threshold);
    const tokenizers::Tokenizer* tok = run.decoderTokenizer();
    NeighbourView v;
    v.nearWordShare = r.nearWordShare;
    v.meanVocabNorm = r.meanVocabNorm;
    v.checkpointStep = checkpointStep;
    for (const auto& t : r.tokens) {
        SoftTokenView s;
        s.index = static_cast<int>(t.index);
        s.role = t.role;
        s.norm = t.norm;
        s.nearWord = t.nearWord;
        for (const auto& n : t.neighbours) {
            NeighbourWord w;
            w.id = n.id;
            w.token = n.token;
            w.text = tok ? tok->decode({static_cast<std::int32_t>(n.id)}, false) : n.token;
            w.cosine = n.cosine;
            s.neighbours.push_back(std::move(w));
        }
        v.tokens.push_back(std::move(s));
    }
    return v;
}

std::vector<CheckpointInfo> TrainedRun::checkpoints() const
{
    std::vector<CheckpointInfo> out;
    if (m_impl->dir.empty())
        return out;
    for (const methods::StepCheckpoint& c : methods::listStepCheckpoints(m_impl->dir))
        out.push_back({c.step, c.path});
    return out;
}

AttentionView TrainedRun::attention(const std::string& userKey)
{
    const auto decoderLock = m_impl->lockDecoder();
    train::Run& run = *m_impl->run;
    auto* p = run.persoma();
    if (!p || !hasAttention())
        throw ConfigError(m_impl->dir + ": item attention needs a PERSOMA run with the Perceiver adapter, this one is " +
                          method());
    const methods::Example e = run.example(userKey);
    const torch::Tensor w = itemAttention(run, e); // [latents, items]
    const data::Dataset& ds = run.dataset();
    const data::User& user = ds.users.at(e.user);
    AttentionView v;
    for (std::size_t pos : e.positions)
        v.items.push_back(ds.items.at(user.history.at(pos).item).title);
    const auto latents = w.size(0), items = w.size(1);
    if (items != static_cast<std::int64_t>(v.items.size()))
        throw ShapeError("TrainedRun::attention: " + std::to_string(items) + " attention columns for " +
                         std::to_string(v.items.size()) + " history items of user " + userKey);
    const float* data = w.data_ptr<float>();
    for (std::int64_t l = 0; l < latents; ++l)
        v.weights.emplace_back(data + l * items, data + (l + 1) * items);
    return v;
}

} // namespace persona::api
