// The interface every personalization method implements (PERSOMA, text prompting fine-tuned or
// zero-shot, Counting), the training/eval example they share, and how trained tensors are named.
// Leaves out how examples are built from a dataset (examples.h) and the optimiser (core/train).
#pragma once

#include "core/data/genre_task.h"
#include "core/runtime/generation.h"

#include <torch/types.h>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace persona::tokenizers {
class Tokenizer;
}

namespace persona::methods {

// What an example asks for: the genre preferences (PERSOMA) or the next item's text (MiLP's next
// user content prediction; taskName/parseTask in examples.h).
enum class TaskKind { Genres, NextItem };

// One user of a split, ready for a method.
struct Example {
    std::size_t user = 0;                 // index into Dataset::users
    std::vector<std::size_t> positions;   // sampled history positions (into user.history)
    data::GenreLabels labels;             // the truth (Genres; empty for NextItem)
    std::string targetText;               // "Liked Genres: ... Not Liked Genres: ..." or the next item's text
    TaskKind task = TaskKind::Genres;
    std::size_t targetPosition = 0;       // NextItem: the target's position in user.history (> every position)
    std::vector<std::int64_t> promptIds;  // X: the instruction (PERSOMA) or the whole text prompt
    std::vector<std::int64_t> targetIds;  // Y then the end-of-turn token
    torch::Tensor items;                  // [positions, itemDim] item vectors (PERSOMA), else undefined
};

struct Prediction {
    std::string text;
    std::vector<std::int64_t> ids;
    int inputTokens = 0;      // decoder input length (soft tokens count one each)
    int generatedTokens = 0;
    double seconds = 0.0;
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class Method {
public:
    virtual ~Method() = default;
    virtual std::string name() const = 0;
    // Whether train() has anything to optimise.
    virtual bool trainable() const = 0;
    // Mean cross-entropy over the batch's target tokens (a scalar with autograd); ShapeError for an
    // empty batch. Methods without a decoder throw ConfigError.
    virtual torch::Tensor loss(const std::vector<const Example*>& batch) = 0;
    // The log-probability (natural log, summed over tokens) of each example's targetIds given its
    // input, [batch] float32 without autograd: item attribution scores one answer under several
    // inputs. The default scores the examples one at a time through loss(); methods with a
    // decoder batch them. ConfigError for methods without a decoder, like loss().
    virtual torch::Tensor targetLogProbs(const std::vector<const Example*>& batch);
    // Several target lists scored after the same inputs: targetSets[k][i] replaces inputs[i]'s
    // targetIds in set k; one [batch] tensor per set. The default scores each set through
    // targetLogProbs; methods with a decoder run the inputs once (methods::targetLogProbsAfter).
    virtual std::vector<torch::Tensor> targetLogProbsSets(const std::vector<const Example*>& inputs,
                                                          const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets);
    // Greedy or sampled generation for one example, without autograd.
    virtual Prediction predict(const Example& example, const runtime::GenerationOptions& options) = 0;
    // The same for several examples, in order, with the outputs predict() gives each (greedy).
    // Methods with a decoder decode them together (runtime::generateBatch, `batchSize` rows at a
    // time, 0 = as many as fit in memory); the default calls predict() in turn. A prediction's
    // seconds are its share of the batch's time.
    virtual std::vector<Prediction> predictBatch(const std::vector<const Example*>& examples,
                                                 const runtime::GenerationOptions& options, int batchSize = 0);
    // The tensors the optimiser updates.
    virtual std::vector<torch::Tensor> parameters() = 0;
    // What a checkpoint holds: every trained tensor with a stable name.
    virtual NamedTensors trainedState() = 0;
    // Copies tensors saved from trainedState() back. Throws ShapeError naming the tensor and both
    // shapes, ConfigError naming a missing or unexpected tensor.
    void loadTrainedState(const std::map<std::string, torch::Tensor>& tensors, const std::string& source = "checkpoint");
    virtual void setTraining(bool training) { (void)training; }
    // Decoder input length for this example (PERSOMA paper Table 2).
    virtual int inputTokens(const Example& example) = 0;
    // Soft-prompt methods: the soft tokens made from this example's history, [tokens, hidden],
    // detached (the personalization diagnostics compare them across users and with the
    // vocabulary's norm). Undefined for methods whose user part is text.
    virtual torch::Tensor userTokens(const Example& example) { (void)example; return {}; }
    // The mean L2 norm of the decoder's input-embedding rows; NaN without a soft prompt.
    virtual double vocabularyNorm() const { return std::numeric_limits<double>::quiet_NaN(); }
    // Methods whose soft tokens carry an answer of their own (PERSOMA's answer sketch): that
    // answer read off as text, which the evaluator scores beside the generated one. "" for others.
    virtual std::string readout(const Example& example) { (void)example; return {}; }
};

// Token ids helpers shared by the example builders.
std::vector<std::int64_t> toInt64(const std::vector<std::int32_t>& ids);
// The end-of-turn / end-of-sequence ids of a chat model: the tokenizer's eos, <|im_end|> and
// <|endoftext|> where they exist, in that order, without duplicates. Throws ConfigError when none.
std::vector<std::int64_t> stopTokenIds(const tokenizers::Tokenizer& tokenizer);

} // namespace persona::methods
