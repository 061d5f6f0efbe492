// The "userLlm" section of a run config (method user-llm only): where the gated cross-attention
// blocks sit in the decoder and the size of the Perceiver that compresses the history into user
// embeddings. Torch-free. Leaves out the modules themselves (user_llm_method.h).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <vector>

namespace persona::methods {

struct UserLlmSection {
    // Decoder layers (0-based) each followed by a cross-attention block over the user embeddings;
    // empty = three spread over the depth, the last layer included (9, 19, 29 for SmolLM2-135M).
    std::vector<std::int64_t> layers;
    std::int64_t latents = 16;        // user embeddings the Perceiver makes of a history
    std::int64_t hidden = 256;        // Perceiver width
    std::int64_t perceiverLayers = 2;
    std::int64_t heads = 8;           // Perceiver and cross-attention heads (divide both widths)

    nlohmann::json toJson() const;
    // Missing fields keep the defaults; ConfigError naming "userLlm.<field>" otherwise.
    static UserLlmSection fromJson(const nlohmann::json& section);
    void validate() const;
    // The layers for a decoder of `decoderLayers` layers, ascending: ConfigError naming
    // userLlm.layers for an index outside it or listed twice.
    std::vector<std::int64_t> resolvedLayers(std::int64_t decoderLayers) const;
};

} // namespace persona::methods
