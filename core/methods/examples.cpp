#include "core/methods/examples.h"

#include "core/common/error.h"
#include "core/eval/baselines.h"
#include "core/methods/item_encoder.h"
#include "core/tokenizers/chat_template.h"
#include "core/tokenizers/tokenizer.h"
#include "core/common/enum_names.h"

#include <torch/torch.h>

#include <optional>

namespace persona::methods {
namespace {

// One example to build: a user and, for the next-item task, the target position.
struct Job {
    std::size_t user = 0;
    std::optional<std::size_t> target;
};

std::vector<Example> buildJobs(const data::Dataset& ds, const std::vector<Job>& jobs, const ExampleOptions& options,
                               InputKind kind, const tokenizers::Tokenizer* decoderTokenizer, HistoryEncoder* encoder,
                               bool skipEmpty)
{
    if (kind != InputKind::CountsOnly && !decoderTokenizer)
        throw ConfigError("buildExamples: a decoder tokenizer is needed for prompts");
    if (kind == InputKind::SoftPrompt && !encoder)
        throw ConfigError("buildExamples: PERSOMA examples need the history encoder");
    data::HistorySampler sampler(ds);
    sampler.setRetrieval(options.retrieval);
    std::vector<Example> out;
    out.reserve(jobs.size());
    std::vector<std::int64_t> stop;
    if (decoderTokenizer)
        stop = stopTokenIds(*decoderTokenizer);
    for (const Job& job : jobs) {
        if (job.user >= ds.users.size())
            throw ConfigError("buildExamples: user index " + std::to_string(job.user) + " outside the dataset");
        const data::User& user = ds.users[job.user];
        Example e;
        e.user = job.user;
        if (job.target) {
            // Sample from the items before the target only (positions of the prefix are positions of the user).
            e.task = TaskKind::NextItem;
            e.targetPosition = *job.target;
            const data::User before{user.key, {user.history.begin(), user.history.begin() + static_cast<std::ptrdiff_t>(*job.target)}};
            e.positions = sampler.sample(before, options.sampling, options.historySize, options.samplingSeed);
        } else {
            e.positions = sampler.sample(user, options.sampling, options.historySize, options.samplingSeed);
        }
        if (e.positions.empty() && skipEmpty)
            continue;
        if (e.positions.empty())
            throw ConfigError("user " + user.key + " has no history items after " + data::samplingName(options.sampling) +
                              " sampling of " + std::to_string(options.historySize) +
                              (job.target ? " before the next-item target" : ""));
        if (job.target) {
            e.targetText = data::nextItemText(ds, ds.items.at(user.history[*job.target].item));
        } else {
            e.labels = data::genreLabels(ds, user, options.labels);
            e.targetText = data::targetText(ds, e.labels);
        }
        if (decoderTokenizer) {
            ExampleOptions o = options;
            o.task = e.task;
            e.promptIds = toInt64(decoderTokenizer->encode(promptText(ds, user, e.positions, o, kind), false));
            e.targetIds = toInt64(decoderTokenizer->encode(e.targetText, false));
            e.targetIds.push_back(stop.front());
        }
        out.push_back(std::move(e));
    }
    if (kind == InputKind::SoftPrompt) {
        // One batched pass so the encoder sees large batches; the per-user calls then hit the cache.
        std::vector<std::string> texts;
        for (const Example& e : out)
            for (std::size_t pos : e.positions) {
                const auto parts = encoder->partTexts(ds, ds.users[e.user].history[pos]);
                texts.insert(texts.end(), parts.begin(), parts.end());
            }
        encoder->encodeTexts(texts);
        for (Example& e : out)
            e.items = encoder->encodeHistory(ds, ds.users[e.user], e.positions);
    }
    return out;
}

} // namespace

namespace {
constexpr EnumName<PromptStyle> kPromptStyleNames[] = {{PromptStyle::Chat, "chat"}, {PromptStyle::Plain, "plain"}};
constexpr EnumName<TaskKind> kTaskNames[] = {{TaskKind::Genres, "genres", {"genre"}},
                                             {TaskKind::NextItem, "next-item", {"next", "nextitem"}}};
} // namespace

const char* promptStyleName(PromptStyle style)
{
    return enumName(kPromptStyleNames, style);
}

PromptStyle parsePromptStyle(const std::string& name)
{
    if (const auto s = enumFromName(kPromptStyleNames, name))
        return *s;
    throw ConfigError("unknown prompt style '" + name + "' (expected " + enumChoices(kPromptStyleNames) + ")");
}

const char* taskName(TaskKind task)
{
    return enumName(kTaskNames, task);
}

TaskKind parseTask(const std::string& name)
{
    if (const auto t = enumFromName(kTaskNames, name))
        return *t;
    throw ConfigError("unknown task '" + name + "' (expected " + enumChoices(kTaskNames) + ")");
}

std::string promptText(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                       const ExampleOptions& options, InputKind kind)
{
    if (kind == InputKind::CountsOnly)
        return {};
    const bool next = options.task == TaskKind::NextItem;
    std::string system, body;
    if (kind == InputKind::SoftPrompt) {
        body = next ? options.nextItemInstruction : options.instruction;
    } else if (next) {
        const auto p = data::nextItemPrompt(ds, user, positions, options.textOptions, options.nextItemInstruction,
                                            options.content);
        system = p.system;
        body = p.user;
    } else {
        const auto p = eval::zeroShotPrompt(ds, user, positions, options.textOptions, options.content);
        system = p.system;
        body = p.user;
    }
    if (options.style == PromptStyle::Plain)
        return (system.empty() ? "" : system + "\n") + body + "\nAnswer: ";
    std::vector<tokenizers::ChatMessage> messages;
    if (!system.empty())
        messages.push_back({"system", system});
    messages.push_back({"user", body});
    return tokenizers::ChatTemplate::chatMl().apply(messages, true);
}

std::vector<Example> buildExamples(const data::Dataset& ds, const std::vector<std::size_t>& users,
                                   const ExampleOptions& options, InputKind kind,
                                   const tokenizers::Tokenizer* decoderTokenizer, HistoryEncoder* encoder)
{
    const bool next = options.task == TaskKind::NextItem;
    if (next && kind == InputKind::CountsOnly)
        throw ConfigError("the next-item task needs a decoder: Counting predicts genres only");
    std::vector<Job> jobs;
    jobs.reserve(users.size());
    for (std::size_t u : users) {
        if (u >= ds.users.size())
            throw ConfigError("buildExamples: user index " + std::to_string(u) + " outside the dataset");
        Job job{u, std::nullopt};
        if (next)
            job.target = data::nextItemTarget(ds.users[u], options.holdout);
        jobs.push_back(job);
    }
    return buildJobs(ds, jobs, options, kind, decoderTokenizer, encoder, false);
}

Example withPositions(const data::Dataset& ds, const Example& base, const std::vector<std::size_t>& positions,
                      const ExampleOptions& options, InputKind kind, const tokenizers::Tokenizer* decoderTokenizer,
                      HistoryEncoder* encoder)
{
    if (base.user >= ds.users.size())
        throw ConfigError("withPositions: user index " + std::to_string(base.user) + " outside the dataset");
    const data::User& user = ds.users[base.user];
    if (positions.empty())
        throw ConfigError("user " + user.key + ": an input needs at least one history item");
    const std::size_t end = base.task == TaskKind::NextItem ? base.targetPosition : user.history.size();
    for (std::size_t pos : positions)
        if (pos >= end)
            throw ConfigError("user " + user.key + ": history position " + std::to_string(pos) + " is outside the " +
                              std::to_string(end) + " items the input may show");
    if (kind != InputKind::CountsOnly && !decoderTokenizer)
        throw ConfigError("withPositions: a decoder tokenizer is needed for prompts");
    if (kind == InputKind::SoftPrompt && !encoder)
        throw ConfigError("withPositions: PERSOMA examples need the history encoder");
    Example e = base;
    e.positions = positions;
    if (decoderTokenizer) {
        ExampleOptions o = options;
        o.task = e.task;
        e.promptIds = toInt64(decoderTokenizer->encode(promptText(ds, user, e.positions, o, kind), false));
    }
    if (kind == InputKind::SoftPrompt)
        e.items = encoder->encodeHistory(ds, user, e.positions);
    return e;
}

std::vector<Example> buildNextItemTrainingExamples(const data::Dataset& ds, const std::vector<std::size_t>& users,
                                                   const ExampleOptions& options, std::size_t windowsPerUser,
                                                   InputKind kind, const tokenizers::Tokenizer* decoderTokenizer,
                                                   HistoryEncoder* encoder)
{
    if (kind == InputKind::CountsOnly)
        throw ConfigError("the next-item task needs a decoder: Counting predicts genres only");
    if (windowsPerUser == 0)
        throw ConfigError("next-item training examples: windowsPerUser must be at least 1");
    std::vector<Job> jobs;
    for (std::size_t u : users) {
        if (u >= ds.users.size())
            throw ConfigError("buildNextItemTrainingExamples: user index " + std::to_string(u) + " outside the dataset");
        const std::size_t n = ds.users[u].history.size();
        if (n <= options.holdout + 1)
            continue; // no window with an item before its target
        const std::size_t end = n - options.holdout; // targets are < end
        const std::size_t first = end > windowsPerUser ? std::max<std::size_t>(1, end - windowsPerUser) : 1;
        for (std::size_t t = first; t < end; ++t)
            jobs.push_back({u, t});
    }
    if (jobs.empty())
        throw ConfigError("next-item training examples: no user has an item before the last " +
                          std::to_string(options.holdout) + " held-out item(s)");
    ExampleOptions o = options;
    o.task = TaskKind::NextItem;
    // Long Tail may leave a window without an eligible item: that window is skipped too.
    auto out = buildJobs(ds, jobs, o, kind, decoderTokenizer, encoder, true);
    if (out.empty())
        throw ConfigError("next-item training examples: every window's sampled history is empty (" +
                          std::string(data::samplingName(options.sampling)) + " sampling)");
    return out;
}

} // namespace persona::methods
