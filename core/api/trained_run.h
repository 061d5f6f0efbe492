// Torch-free facade over a trained run folder for the GUI's Inspect and Compare views: one user's
// prediction (output, parsed genres against the truth and F1, or for a next-item run the target and
// ROUGE-1 / ROUGE-L / Persona-F1; input tokens, latency), the soft-prompt
// neighbours at the final or an intermediate checkpoint, and, for the Perceiver adapter, which
// history items each latent attends to. Leaves out training (training.h).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace persona::api {

struct UserPredictionView {
    std::string user;
    std::string method;            // "persoma-mlp-frozen", "text-lora", "zero-shot", "milp", ...
    std::string output;            // generated text
    std::string task = "genres";   // "genres" or "next-item" (the run's task)
    // The dataset the run read this user from (the folder or file it was trained on): a view
    // showing another dataset says so (the same key may be another person there).
    std::string dataset;
    std::string target;            // the truth as text (the next item's text for the next-item task)
    std::vector<std::string> liked, disliked;           // parsed from the output (genre task)
    std::vector<std::string> truthLiked, truthDisliked; // the truth (genre task)
    double f1 = std::numeric_limits<double>::quiet_NaN(); // weighted F1 of this user (genre task)
    // Next-item task: the output against the target (ROUGE F-measures) and against the user's
    // history text (Persona-F1); NaN for the genre task.
    double rouge1 = std::numeric_limits<double>::quiet_NaN();
    double rougeL = std::numeric_limits<double>::quiet_NaN();
    double personaF1 = std::numeric_limits<double>::quiet_NaN();
    int historyItems = 0;
    // What the decoder was given: the prompt's tokens decoded as they are (chat template included);
    // a soft-prompt method first says how many soft tokens stand for the history.
    std::string inputText;
    // The sampled history items the input was made from ("Title (rated 4)"), in history order.
    std::vector<std::string> shownItems;
    int inputTokens = 0;
    int generatedTokens = 0;
    double latencySeconds = 0.0;
};

struct NeighbourWord {
    std::int64_t id = 0;
    std::string token;  // vocabulary string as the tokenizer shows it ("Ġdrama")
    std::string text;   // decoded, readable (" drama")
    double cosine = 0.0;
};

struct SoftTokenView {
    int index = 0;
    std::string role;   // "user" (P_u) or "task" (T)
    double norm = 0.0;
    bool nearWord = false;
    std::vector<NeighbourWord> neighbours; // best first
};

struct NeighbourView {
    std::vector<SoftTokenView> tokens;
    double nearWordShare = 0.0;
    double meanVocabNorm = 0.0;
    int checkpointStep = -1;    // -1: the final checkpoint
};

struct CheckpointInfo {
    int step = 0;
    std::string path;           // a safetensors file holding the trained state at that step
};

// For the Perceiver adapter: attention of each latent over the user's history items, averaged
// over heads, from the last cross-attention layer. weights[latent][item], rows sum to 1.
struct AttentionView {
    std::vector<std::string> items;              // history item titles, in input order
    std::vector<std::vector<double>> weights;    // [latents][items]
};

// Item attribution (TrainedRun::explain): one shown history item's effect on the answer. Deltas are
// log-probabilities (natural log, summed over the answer's tokens) with the item changed minus with
// the full input: negative when the item made that text more likely.
struct ItemEffectView {
    int position = 0;                  // into the user's history (oldest first)
    std::string title;
    double rating = std::numeric_limits<double>::quiet_NaN();
    UserPredictionView leftOut;        // the prediction with this item left out of the input
    double answerDelta = std::numeric_limits<double>::quiet_NaN(); // of the full input's answer
    double truthDelta = std::numeric_limits<double>::quiet_NaN();  // of the truth
    // Genre task: what the answer gains or loses without the item ("liked Drama", "not liked Horror").
    std::vector<std::string> appeared, vanished;
    // Soft-prompt methods: the item's vector replaced by the mean of the shown items' vectors.
    bool hasMeanVector = false;
    UserPredictionView meanVector;
    double meanAnswerDelta = std::numeric_limits<double>::quiet_NaN();
    double meanTruthDelta = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::string> meanAppeared, meanVanished;
    // PERSOMA: gradient times input of the item vector on log p(answer) (NaN for other methods).
    double salience = std::numeric_limits<double>::quiet_NaN();
    // PERSOMA with the Perceiver adapter: the item's share of the latents' attention (the last
    // cross-attention layer's weights averaged over latents and heads; the shares of the shown
    // items add up to 1), beside leave-one-out. NaN for other adapters and methods.
    double attention = std::numeric_limits<double>::quiet_NaN();
};

struct ExplainView {
    UserPredictionView full;           // the prediction on the full input
    bool scored = false;               // log-probabilities exist (every method but Counting)
    double answerLogProb = std::numeric_limits<double>::quiet_NaN();
    double truthLogProb = std::numeric_limits<double>::quiet_NaN();
    int answerTokens = 0;
    std::vector<ItemEffectView> items; // one per shown history item, in input order
    double seconds = 0.0;
    double generateSeconds = 0.0, scoreSeconds = 0.0, salienceSeconds = 0.0; // parts of seconds
};

// A what-if history: the user's history with items dropped, re-rated or added (by item key).
struct HistoryEditSpec {
    std::string kind;   // "drop", "rate" or "add"
    std::string item;   // the item's key in the dataset ("242")
    double rating = std::numeric_limits<double>::quiet_NaN(); // rate, add
};

// "242" (drop), "302=1" (rate), "50=5" (add): the CLI's --drop, --rate and --add texts, checked
// like data::parseHistoryEdit (ConfigError naming the text). Whether the item and the rating fit
// the dataset is checked by whatIf.
HistoryEditSpec parseHistoryEditSpec(const std::string& kind, const std::string& text);

struct WhatIfView {
    UserPredictionView original;  // the user as the dataset has them
    UserPredictionView edited;    // the edited history, sampled and scored like any user (its truth
                                  // is the edited history's)
    std::vector<std::string> edits;            // "drop Star Wars (1977)", "rate Fargo (1996) (rated 1)"
    std::vector<std::string> appeared, vanished; // genre task: "liked Drama" in edited but not in original, ...
};

// One item of a user's whole history as the run's dataset has it (TrainedRun::history).
struct HistoryItemView {
    int position = 0;                 // oldest first
    std::string item;                 // the item's key in the dataset ("242")
    std::string title;
    std::vector<std::string> genres;
    double rating = std::numeric_limits<double>::quiet_NaN(); // NaN: the dataset has no rating
    bool shown = false;               // one of the items the run samples for this user (its input)
};

class TrainedRun {
public:
    // `dir`: a run folder written by training. device "" keeps the run's device. Throws
    // persona::Error subclasses naming the folder or the file.
    static std::unique_ptr<TrainedRun> open(const std::string& dir, const std::string& device = "");
    // The run on another dataset (the one the workbench has loaded): its users, histories and truths
    // are read from `dataset` (items filtered by `minItemRatings` as they are shown) with the run's
    // trained state; dataset() then names it. ConfigError naming both datasets when their genres
    // differ (the run could not read those items), or naming the user for one missing there.
    static std::unique_ptr<TrainedRun> openOn(const std::string& dir, const std::string& dataset,
                                              std::uint32_t minItemRatings, const std::string& device = "");
    // Zero-shot text prompting needs no run folder: `configJson` is a RunConfig as JSON (a run's
    // config.json works; decoderIdentity and outputDir are ignored) whose decoder, dataset and
    // prompt settings are used with method "zero-shot". dir() is "". Throws ConfigError / IoError.
    static std::unique_ptr<TrainedRun> openZeroShot(const std::string& configJson, const std::string& device = "",
                                                    const std::string& dataset = "", std::uint32_t minItemRatings = 20);
    ~TrainedRun();

    std::string dir() const;
    std::string method() const;
    // The dataset the run reads its users from (the file or folder it was trained on).
    std::string dataset() const;
    bool hasSoftPrompt() const;     // PERSOMA runs
    bool hasAttention() const;      // PERSOMA runs with the Perceiver adapter
    // Keys of the users of a split ("train", "validation", "test"), in split order; "all" gives every
    // user of the run's dataset. ConfigError for another name.
    std::vector<std::string> userKeys(const std::string& split = "test") const;
    bool hasUser(const std::string& userKey) const;

    UserPredictionView predict(const std::string& userKey);
    // What predict() gives the decoder for this user, without generating: inputText, shownItems,
    // inputTokens (the prompt's tokens; soft tokens not counted), historyItems, the target; output
    // empty, scores NaN. ConfigError for an unknown user.
    UserPredictionView input(const std::string& userKey);
    // Several users at once, in order: generated together (Method::predictBatch, `batchSize` rows
    // at a time, 0 = as many as fit in memory), each output the one predict() gives that user
    // (greedy); latencySeconds is each user's share. An unknown user throws ConfigError naming it
    // before anything is generated.
    std::vector<UserPredictionView> predictMany(const std::vector<std::string>& userKeys, int batchSize = 0);
    // Item attribution: every shown item left out in turn (and, for soft-prompt methods, replaced by
    // the mean vector), all variants generated and scored together (`batchSize` rows at a time, 0 =
    // automatic); meanVector false leaves the mean-vector variants out (half the inputs). ConfigError
    // for an unknown user or a sample of one item.
    ExplainView explain(const std::string& userKey, int batchSize = 0, bool meanVector = true);
    // The user's prediction on their history and on the history with `edits` applied (the dataset
    // itself is left as it was). ConfigError naming the user and the item for an edit that does
    // not fit (an item outside the catalogue, a rating off the scale, ...), before any generation.
    WhatIfView whatIf(const std::string& userKey, const std::vector<HistoryEditSpec>& edits);
    // The user's whole history, oldest first, with the items the run shows the method marked
    // (the same sample predict() reads). ConfigError for an unknown user.
    std::vector<HistoryItemView> history(const std::string& userKey) const;
    // checkpointStep -1: the run's final state; otherwise one of checkpoints()' steps.
    NeighbourView neighbours(const std::string& userKey, int k = 10, double threshold = 0.5, int checkpointStep = -1);
    std::vector<CheckpointInfo> checkpoints() const; // ascending step, from <dir>/checkpoints/step-N.safetensors
    AttentionView attention(const std::string& userKey);

private:
    TrainedRun();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace persona::api
