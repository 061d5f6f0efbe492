// PERSOMA (section 3.1): an adapter turns the user's item vectors into soft tokens P_u, a learned
// task soft prompt T follows, then the tokenized instruction X; the decoder (frozen, LoRA or fully
// fine-tuned) is trained on the target Y. Leaves out the history encoder (item_encoder.h) and the
// optimiser (core/train).
#pragma once

#include "core/methods/persoma/adapters.h"
#include "core/methods/decoder_training.h"
#include "core/methods/method.h"
#include "core/nn/llama_decoder.h"

#include <map>
#include <memory>
#include <utility>

namespace persona::methods {

struct PersomaConfig {
    AdapterConfig adapter;          // inputDim and outputDim are filled in by the constructor's caller
    std::int64_t taskTokens = 20;   // |T|
    DecoderMode decoderMode = DecoderMode::Frozen;
    LoraSettings lora;
    // Standardize each item-vector dimension (subtract its mean, divide by its standard deviation,
    // both over the training items, fitItemStandardization) before the adapter. Off by default
    // (PERSOMA feeds the sentence embeddings as they are). MiniLM's vectors share one large common
    // direction and its rating sentences differ little ("Rating: 1" and "Rating: 5" at cosine
    // 0.9), so without it the part that tells liked from not liked is a small ripple on a constant.
    bool standardizeItems = false;
    // Put every user soft token at the decoder's vocabulary scale: each adapter output vector is
    // rescaled to the mean L2 norm of the input-embedding rows (the adapter learns directions
    // only). Without it a frozen decoder's adapter drifts to tokens 10 to 60 times a word's norm
    // that swamp the instruction and answer every user alike (docs/persoma.md). Off by default
    // here (PERSOMA's adapters are unconstrained); RunConfig turns it on.
    bool matchVocabNorm = false;
    // Where [P_u ; T] sits: false = before the whole prompt (PERSOMA's layout; the first positions
    // of a chat model act as an attention sink, so a frozen decoder reads little there), true =
    // inside the user's turn of a chat prompt, right after "<|im_start|>user\n", before the
    // instruction (plain prompts: at the start either way).
    bool userTokensInTurn = false;
    // Extra user tokens made from the whole history at once: an MLP over the mean of the item
    // vectors (with the signals block: per-genre shares and rating sums) gives this many tokens,
    // after the adapter's. 0 = none (PERSOMA's adapters alone).
    std::int64_t summaryTokens = 0;
    // Each user token becomes a mixture of vocabulary embeddings, softmax(t E^T) E (E the input
    // embeddings, frozen): tokens stay on the words' manifold, so a frozen decoder reads them as
    // (blends of) words and Inspect's neighbours are what it reads. Off = tokens anywhere.
    bool vocabMixture = false;
    // Answer-sketch supervision (this project's addition, not PERSOMA's; needs summaryTokens): while
    // training, summary token k is also pulled towards the k-th token of the example's answer
    // (cross-entropy over the cosine with each word the training answers use, temperature 0.1),
    // weighted by this against the decoder's loss. The history MLP then learns the user's answer
    // directly, and a frozen decoder only has to read words it recognises, not invent a code.
    // Evaluation losses leave it out. 0 = off.
    double sketchWeight = 0.0;
    // What the summary MLP reads (SummaryInput) and, for the genre profile, the dataset's genre count
    // G: the signals block of 2 G + 1 numbers closes every item vector.
    SummaryInput summaryInput = SummaryInput::Items;
    std::int64_t profileGenres = 0;
};

// The method's config from a run config's sections: itemDim is the history encoder's item vector
// size, genres the dataset's genre count (the genre profile needs some). ConfigError naming the
// field when the section asks for what the dataset lacks.
PersomaConfig persomaConfig(const PersomaSection& section, const DecoderSection& decoder, std::int64_t itemDim,
                            std::size_t historySize, std::size_t genres);

// The answer sketch's warm-up (PersomaMethod::warmUpSketch): the history MLP alone learns the
// sketch on many examples before the decoder joins, which costs milliseconds a step where a
// decoder step costs seconds. Its examples are typically fresh history samples of the training
// users (Run builds them), so it sees each user's answer from many subsets of their history.
struct SketchWarmup {
    std::int64_t steps = 0;        // 0 = no warm-up
    std::int64_t batchSize = 64;
    double learningRate = 1e-3;    // Adam, on the summary MLP only
};

class PersomaMethod : public Method {
public:
    // Borrows the decoder (shared module) and the tokenizer (must outlive this). Creates the adapter
    // and T with the current torch seed (T starts as the embeddings of random vocabulary tokens) and
    // applies the decoder mode. Throws ConfigError for invalid settings.
    PersomaMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, PersomaConfig config);

    std::string name() const override;
    bool trainable() const override { return true; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override;
    torch::Tensor targetLogProbs(const std::vector<const Example*>& batch) override;
    std::vector<torch::Tensor> targetLogProbsSets(const std::vector<const Example*>& inputs,
                                                  const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets) override;
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<Prediction> predictBatch(const std::vector<const Example*>& examples,
                                         const runtime::GenerationOptions& options, int batchSize = 0) override;
    std::vector<torch::Tensor> parameters() override;
    NamedTensors trainedState() override;
    void setTraining(bool training) override;
    int inputTokens(const Example& example) override;

    // Sets the standardization statistics from every history item of the examples (each dimension's
    // mean and population standard deviation; a dimension that does not vary is only centred).
    // ConfigError when standardizeItems is off or the examples hold no items.
    void fitItemStandardization(const std::vector<Example>& examples);
    // The words the answer sketch chooses among: every token of the examples' targets. Needed
    // before training with sketchWeight > 0 (ConfigError otherwise, and for examples without
    // targets).
    void fitAnswerVocabulary(const std::vector<Example>& examples);
    // The answer-sketch loss of a batch (the mean over summary positions that have an answer
    // token); with autograd. ConfigError when sketchWeight is 0 or the vocabulary is not fitted.
    torch::Tensor sketchLoss(const std::vector<const Example*>& batch);
    // Trains the summary MLP alone on the answer sketch over these examples (batches drawn with
    // the current torch generator) and returns the mean sketch loss of the last tenth of the
    // steps. Leaves the adapter, T and the decoder as they are. Needs fitAnswerVocabulary
    // (ConfigError otherwise, or when the method has no sketch); examples without items are a
    // ShapeError naming the user.
    double warmUpSketch(const std::vector<Example>& examples, const SketchWarmup& warmup);
    // What the summary tokens spell: each one's nearest vocabulary token (cosine with the input
    // embeddings), up to the first end-of-turn token (stopTokenIds), decoded. With an answer
    // sketch this is the history MLP's own answer before the decoder reads it; "" without summary
    // tokens.
    std::string summaryReadout(const Example& example);
    std::string readout(const Example& example) override { return summaryReadout(example); }
    // The item vectors the adapter sees for one example: standardized when standardizeItems is on,
    // as they are otherwise. [items, inputDim] on the decoder's device.
    torch::Tensor adapterInput(const Example& example);

    // What the summary MLP reads: the mean of adapterInput over each example's items, then (with
    // profileGenres) the genre profile. [batch, summaryInputDim()] on the decoder's device.
    torch::Tensor summaryInput(const std::vector<const Example*>& batch);
    // Each genre's share of the example's items, the mean centred rating of its items (0 when it has
    // none) and min(count / 3, 1), from the signals block: [3 * profileGenres] float32 on CPU.
    torch::Tensor genreProfile(const Example& example) const;
    std::int64_t summaryInputDim() const;

    // The user soft tokens P_u for each example: [tokens_i, hidden] (gradients flow when enabled).
    std::vector<torch::Tensor> userSoftTokens(const std::vector<const Example*>& batch);
    // [P_u ; T] of one example, detached: [tokens + taskTokens, hidden].
    torch::Tensor softPrompt(const Example& example);

    const PersomaConfig& config() const { return m_config; }
    // The mean L2 norm of the decoder's input-embedding rows when the method was built.
    double vocabularyNorm() const override { return m_vocabNorm; }
    torch::Tensor userTokens(const Example& example) override;
    SoftPromptAdapter& adapter() { return *m_adapter; }
    // The decoder input of one example with these user tokens: [P_u ; T] before the prompt, or
    // (userTokensInTurn) the prompt up to turnStart() as embeddings, [P_u ; T], then the rest.
    DecoderSequence sequence(const Example& example, const torch::Tensor& userTokens);
    // Where the user's turn's text starts in promptIds (after "<|im_start|>user\n"); 0 when the
    // tokens go first (userTokensInTurn off, or a plain prompt).
    std::size_t turnStart(const std::vector<std::int64_t>& promptIds) const;
    torch::Tensor taskPrompt() const { return m_taskPrompt; } // [taskTokens, hidden]
    nn::LlamaDecoderImpl& decoder() { return *m_decoder; }

private:
    nn::LlamaDecoder m_decoder;
    const tokenizers::Tokenizer& m_tokenizer;
    PersomaConfig m_config;
    std::shared_ptr<SoftPromptAdapter> m_adapter;
    torch::Tensor shapeTokens(const torch::Tensor& tokens); // vocabMixture / matchVocabNorm
    DecoderBatch promptOnly(const Example& example);        // the decoder input of predict()
    torch::Tensor sketchOf(const std::vector<const Example*>& batch, const torch::Tensor& summary);
    // userSoftTokens and the summary tokens alone ([batch, summaryTokens, hidden]; undefined
    // without summary tokens), which the answer sketch scores.
    std::pair<std::vector<torch::Tensor>, torch::Tensor> userTokensAndSummary(const std::vector<const Example*>& batch);
    // The decoder batch of these examples' [P_u ; T] and prompts, with their targets or without
    // (item attribution's scoring); ShapeError for an empty batch.
    DecoderBatch scoringBatch(const std::vector<const Example*>& batch, bool withTargets);
    // The summary tokens alone, without running the adapter: [batch, summaryTokens, hidden].
    torch::Tensor summaryOf(const std::vector<const Example*>& batch);
    torch::Tensor summaryFromPooled(const torch::Tensor& pooled); // [batch, summaryInputDim()] -> tokens
    // summaryInput with each example's adapterInput already computed (unused for Profile).
    torch::Tensor summaryInputOf(const std::vector<const Example*>& batch, const std::vector<torch::Tensor>& inputs);

    torch::Tensor m_taskPrompt;
    double m_vocabNorm = 0.0;
    std::vector<std::int64_t> m_turnMarker;  // "<|im_start|>user\n" as ids (userTokensInTurn)
    torch::nn::Sequential m_summary{nullptr}; // summaryTokens > 0
    torch::Tensor m_vocab;                    // [vocab, hidden] float32, detached (vocabMixture)
    torch::Tensor m_answerWords;              // [words, hidden] unit rows (fitAnswerVocabulary)
    std::map<std::int64_t, std::int64_t> m_answerIndex; // token id -> row of m_answerWords
    torch::Tensor m_vocabRowNorms;            // [vocab] float32, made by the first summaryReadout
    bool m_training = false;
    torch::Tensor m_itemMean;  // [inputDim] (standardizeItems only; saved in trainedState)
    torch::Tensor m_itemScale; // [inputDim]
};

// PERSOMA's entry in the method registry (persoma_spec.cpp), and the PERSOMA method behind a
// Method (null for any other method): the views of soft prompts and adapter attention need it.
struct MethodSpec;
const MethodSpec& persomaSpec();
PersomaMethod* asPersoma(Method& method);

} // namespace persona::methods
