#include "core/methods/examples.h"

#include "core/common/error.h"
#include "core/eval/baselines.h"
#include "core/methods/item_encoder.h"
#include "core/tokenizers/chat_template.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

namespace persona::methods {

const char* promptStyleName(PromptStyle style)
{
    return style == PromptStyle::Chat ? "chat" : "plain";
}

PromptStyle parsePromptStyle(const std::string& name)
{
    if (name == "chat")
        return PromptStyle::Chat;
    if (name == "plain")
        return PromptStyle::Plain;
    throw ConfigError("unknown prompt style '" + name + "' (expected chat or plain)");
}

std::string promptText(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                       const ExampleOptions& options, InputKind kind)
{
    if (kind == InputKind::CountsOnly)
        return {};
    std::string system, body;
    if (kind == InputKind::SoftPrompt) {
        body = options.instruction;
    } else {
        const auto p = eval::zeroShotPrompt(ds, user, positions, options.textOptions);
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
    if (kind != InputKind::CountsOnly && !decoderTokenizer)
        throw ConfigError("buildExamples: a decoder tokenizer is needed for prompts");
    if (kind == InputKind::SoftPrompt && !encoder)
        throw ConfigError("buildExamples: PERSOMA examples need the history encoder");
    data::HistorySampler sampler(ds);
    std::vector<Example> out;
    out.reserve(users.size());
    std::vector<std::int64_t> stop;
    if (decoderTokenizer)
        stop = stopTokenIds(*decoderTokenizer);
    for (std::size_t u : users) {
        if (u >= ds.users.size())
            throw ConfigError("buildExamples: user index " + std::to_string(u) + " outside the dataset");
        const data::User& user = ds.users[u];
        Example e;
        e.user = u;
        e.positions = sampler.sample(user, options.sampling, options.historySize, options.samplingSeed);
        if (e.positions.empty())
            throw ConfigError("user " + user.key + " has no history items after " + data::samplingName(options.sampling) +
                              " sampling of " + std::to_string(options.historySize));
        e.labels = data::genreLabels(ds, user, options.labels);
        e.targetText = data::targetText(ds, e.labels);
        if (decoderTokenizer) {
            e.promptIds = toInt64(decoderTokenizer->encode(promptText(ds, user, e.positions, options, kind), false));
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

} // namespace persona::methods
