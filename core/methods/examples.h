// Turns users of a dataset into Examples: sampled history, labels and target text, the prompt ids
// (PERSOMA's instruction X, or the serialized history for text prompting, in ChatML or plain
// form) and, for PERSOMA, the item vectors from the history encoder. Leaves out the split.
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"
#include "core/data/sampling.h"
#include "core/methods/method.h"

#include <string>
#include <vector>

namespace persona::methods {

class HistoryEncoder;

enum class PromptStyle { Chat, Plain };
const char* promptStyleName(PromptStyle style); // "chat", "plain"
PromptStyle parsePromptStyle(const std::string& name);

enum class InputKind { SoftPrompt, Text, CountsOnly };

inline constexpr const char* kDefaultInstruction =
    "Predict which movie genres this user likes and which they do not like.";

struct ExampleOptions {
    std::size_t historySize = 10;
    data::SamplingStrategy sampling = data::SamplingStrategy::Recency;
    std::uint64_t samplingSeed = 0;
    PromptStyle style = PromptStyle::Chat;
    data::LabelConfig labels;
    data::ItemTextOptions textOptions; // text prompting's item lines
    std::string instruction = kDefaultInstruction;
};

// The prompt text of one example (before tokenization): the instruction for SoftPrompt, the
// zero-shot prompt (eval::zeroShotPrompt) for Text, "" for CountsOnly.
std::string promptText(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                       const ExampleOptions& options, InputKind kind);

// Builds one example per user index. The decoder tokenizer is needed unless kind is CountsOnly;
// the encoder only for SoftPrompt (all item texts are encoded in one batched, cached pass first).
// Throws ConfigError naming the user when a sampled history is empty.
std::vector<Example> buildExamples(const data::Dataset& ds, const std::vector<std::size_t>& users,
                                   const ExampleOptions& options, InputKind kind,
                                   const tokenizers::Tokenizer* decoderTokenizer, HistoryEncoder* encoder);

} // namespace persona::methods
