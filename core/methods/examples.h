// Turns users of a dataset into Examples for the genre task or the next-item task: sampled
// history, labels and target text, the prompt ids (PERSOMA's instruction X, or the serialized
// history for text prompting, in ChatML or plain form) and, for PERSOMA, the item vectors from the
// history encoder; and the sliding-window next-item examples of MiLP's stage 1. Leaves out the split.
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"
#include "core/data/next_item_task.h"
#include "core/data/sampling.h"
#include "core/data/user_profile.h"
#include "core/methods/method.h"

#include <string>
#include <vector>

namespace persona::methods {

class HistoryEncoder;

enum class PromptStyle { Chat, Plain };
const char* promptStyleName(PromptStyle style); // "chat", "plain"
PromptStyle parsePromptStyle(const std::string& name);

enum class InputKind { SoftPrompt, Text, CountsOnly };

// TaskKind itself is in method.h (Example carries it).
const char* taskName(TaskKind task); // "genres", "next-item"
TaskKind parseTask(const std::string& name); // also "genre", "next", "nextitem"; ConfigError otherwise

using data::kNextItemInstruction;
using data::nextItemText; // std::string nextItemText(const data::Dataset&, const data::Item&): "Title (Year)"

inline constexpr const char* kDefaultInstruction =
    "Predict which movie genres this user likes and which they do not like.";

struct ExampleOptions {
    std::size_t historySize = 10;
    data::SamplingStrategy sampling = data::SamplingStrategy::Recency;
    std::uint64_t samplingSeed = 0;
    PromptStyle style = PromptStyle::Chat;
    data::LabelConfig labels;
    data::ItemTextOptions textOptions; // text prompting's item lines
    // What a text prompt shows of the sample: the item lines, their profile, or both
    // (data/user_profile.h; profile-augmented prompting). SoftPrompt prompts ignore it.
    data::PromptContent content = data::PromptContent::History;
    // The vectors of sampling Retrieval (retrieval_index.h); required by that strategy only.
    std::shared_ptr<const data::RetrievalIndex> retrieval;
    std::string instruction = kDefaultInstruction;
    // Next item: the target is the first of the last `holdout` items; the history is sampled (same
    // strategy and size) from the items before it. PERSOMA's X is then nextItemInstruction.
    TaskKind task = TaskKind::Genres;
    std::size_t holdout = 1;
    std::string nextItemInstruction = kNextItemInstruction;
};

// The prompt text of one example (before tokenization): the instruction for SoftPrompt, the
// zero-shot prompt (eval::zeroShotPrompt) for Text, "" for CountsOnly.
std::string promptText(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                       const ExampleOptions& options, InputKind kind);

// Builds one example per user index. The decoder tokenizer is needed unless kind is CountsOnly;
// the encoder only for SoftPrompt (all item texts are encoded in one batched, cached pass first).
// Throws ConfigError naming the user when a sampled history is empty.
// Task NextItem: targetText is nextItemText of the target (history.size() - holdout), targetIds
// its tokens + end-of-turn, labels empty; the prompt is data::nextItemPrompt (Text, in the chat
// template or plain) or nextItemInstruction (SoftPrompt). CountsOnly is a ConfigError (Counting
// predicts genres). A user with no item before the held-out ones is a ConfigError naming the user.
std::vector<Example> buildExamples(const data::Dataset& ds, const std::vector<std::size_t>& users,
                                   const ExampleOptions& options, InputKind kind,
                                   const tokenizers::Tokenizer* decoderTokenizer, HistoryEncoder* encoder);

// The same example shown other history positions (item attribution leaves one out): the prompt
// ids and, for SoftPrompt, the item vectors are rebuilt from `positions`; the truth, target and
// task stay the base's. ConfigError naming the user for an empty list or a position outside the
// user's history (or, for the next-item task, not before the target).
Example withPositions(const data::Dataset& ds, const Example& base, const std::vector<std::size_t>& positions,
                      const ExampleOptions& options, InputKind kind, const tokenizers::Tokenizer* decoderTokenizer,
                      HistoryEncoder* encoder);

// MiLP stage 1 ("next user content prediction"): several next-item examples per user by a sliding
// window. The last options.holdout items are never used (neither as target nor as history), so
// validation and test users can be passed safely; holdout 0 uses the whole history. The targets
// are the last `windowsPerUser` positions t before the held-out ones, oldest first; each example's
// history is sampled (options' strategy and size) from the items before t. Windows without any
// item before t (or whose Long Tail sample is empty) are skipped, so users with too short a
// history give fewer examples or none (no error); a result with no example at all is a
// ConfigError. options.task is ignored (always NextItem). Examples come user by user, in `users`
// order.
std::vector<Example> buildNextItemTrainingExamples(const data::Dataset& ds, const std::vector<std::size_t>& users,
                                                   const ExampleOptions& options, std::size_t windowsPerUser,
                                                   InputKind kind, const tokenizers::Tokenizer* decoderTokenizer,
                                                   HistoryEncoder* encoder);

} // namespace persona::methods
