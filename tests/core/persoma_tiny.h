// Tiny random models and data for the PERSOMA method and trainer tests: a 2-layer Llama decoder
// and a 1-layer BERT encoder built in-process over the tiny BPE tokenizer's vocabulary, and the
// mini RecBole dataset, so training steps run in milliseconds.
#pragma once

#include "core/data/dataset_loader.h"
#include "core/methods/examples.h"
#include "core/methods/item_encoder.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/nn/bert_encoder.h"
#include "core/nn/llama_decoder.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace persona::testing {

struct TinyWorld {
    std::unique_ptr<tokenizers::Tokenizer> tokenizer;
    nn::LlamaDecoder decoder{nullptr};
    nn::BertEncoder encoder{nullptr};
    data::Dataset ds;
    std::unique_ptr<methods::HistoryEncoder> history;

    // seed fixes the random decoder and encoder weights.
    explicit TinyWorld(std::uint64_t seed = 7, const std::string& cacheDir = "")
    {
        tokenizer = tokenizers::loadTokenizer(std::string(PERSONA_TEST_DATA) + "/tokenizers/tiny_bpe/tokenizer.json");
        torch::manual_seed(seed);
        nn::LlamaConfig c;
        c.vocabSize = static_cast<std::int64_t>(tokenizer->vocabSize());
        c.hidden = 32;
        c.intermediate = 64;
        c.layers = 2;
        c.heads = 4;
        c.kvHeads = 2;
        c.headDim = 8;
        c.maxPositions = 512;
        c.tiedEmbeddings = true;
        decoder = nn::LlamaDecoder(c);
        {
            // HF-style N(0, 0.02) embeddings cap a 32-wide tied head's logits near uniform; unit
            // scale lets the tiny overfit problem reach low loss in a few dozen steps.
            torch::NoGradGuard noGrad;
            decoder->inputEmbeddingMatrix().normal_(0.0, 1.0);
        }
        decoder->eval();
        nn::BertConfig b;
        b.vocabSize = c.vocabSize;
        b.hidden = 16;
        b.intermediate = 32;
        b.layers = 1;
        b.heads = 2;
        b.maxPositions = 256;
        encoder = nn::BertEncoder(b);
        encoder->eval();
        data::LoadOptions lo;
        lo.minItemRatings = 0;
        ds = data::loadDataset(std::string(PERSONA_TEST_DATA) + "/movielens/recbole", lo);
        history = std::make_unique<methods::HistoryEncoder>(*encoder, *tokenizer, "tiny-" + std::to_string(seed), cacheDir);
    }

    // minGenreCount 1 gives the tiny users different genre answers (the default 3 leaves every
    // tiny user with "None" on both sides).
    std::vector<methods::Example> examples(methods::InputKind kind, std::size_t historySize = 3,
                                           std::uint32_t minGenreCount = 3)
    {
        std::vector<std::size_t> users;
        for (std::size_t u = 0; u < ds.users.size(); ++u)
            users.push_back(u);
        methods::ExampleOptions o;
        o.historySize = historySize;
        o.style = methods::PromptStyle::Plain;
        o.instruction = "Genres?";
        o.labels.minGenreCount = minGenreCount;
        return methods::buildExamples(ds, users, o, kind, tokenizer.get(), history.get());
    }

    methods::PersomaConfig persomaConfig(methods::AdapterKind kind, methods::DecoderMode mode) const
    {
        methods::PersomaConfig pc;
        pc.adapter.kind = kind;
        pc.adapter.inputDim = history->itemDim();
        pc.adapter.hidden = 32;
        pc.adapter.heads = 4;
        pc.adapter.latents = 6;
        pc.adapter.maxItems = 64;
        pc.taskTokens = 4;
        pc.decoderMode = mode;
        return pc;
    }
};

} // namespace persona::testing
