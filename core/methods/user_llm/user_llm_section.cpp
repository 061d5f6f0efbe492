#include "core/methods/user_llm/user_llm_section.h"

#include "core/common/error.h"
#include "core/common/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace persona::methods {

nlohmann::json UserLlmSection::toJson() const
{
    return {{"layers", layers},
            {"latents", latents},
            {"hidden", hidden},
            {"perceiverLayers", perceiverLayers},
            {"heads", heads}};
}

UserLlmSection UserLlmSection::fromJson(const nlohmann::json& section)
{
    UserLlmSection s;
    JsonFields f(section, "userLlm");
    nlohmann::json layers = nlohmann::json::array();
    f.get("layers", layers);
    if (!layers.is_array())
        throw ConfigError("run config: 'userLlm.layers' must be an array of decoder layer indices");
    for (const auto& v : layers) {
        if (!v.is_number_integer())
            throw ConfigError("run config: 'userLlm.layers' entries must be integers, got " + v.dump());
        s.layers.push_back(v.get<std::int64_t>());
    }
    f.get("latents", s.latents);
    f.get("hidden", s.hidden);
    f.get("perceiverLayers", s.perceiverLayers);
    f.get("heads", s.heads);
    f.finish();
    s.validate();
    return s;
}

void UserLlmSection::validate() const
{
    checkRange<std::int64_t>("userLlm.latents", latents, 1, 256);
    checkRange<std::int64_t>("userLlm.hidden", hidden, 8, 4096);
    checkRange<std::int64_t>("userLlm.perceiverLayers", perceiverLayers, 1, 16);
    checkRange<std::int64_t>("userLlm.heads", heads, 1, 64);
    if (hidden % heads != 0)
        throw ConfigError("run config: 'userLlm.hidden' " + std::to_string(hidden) + " is not a multiple of 'userLlm.heads' " +
                          std::to_string(heads));
    for (std::int64_t l : layers)
        if (l < 0)
            throw ConfigError("run config: 'userLlm.layers' holds " + std::to_string(l) + ": layer indices start at 0");
}

std::vector<std::int64_t> UserLlmSection::resolvedLayers(std::int64_t decoderLayers) const
{
    std::vector<std::int64_t> out = layers;
    if (out.empty())
        for (std::int64_t k = 1; k <= 3; ++k)
            out.push_back(std::max<std::int64_t>(0, k * decoderLayers / 3 - 1));
    std::sort(out.begin(), out.end());
    if (layers.empty())
        out.erase(std::unique(out.begin(), out.end()), out.end());
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] >= decoderLayers)
            throw ConfigError("run config: 'userLlm.layers' holds " + std::to_string(out[i]) + ", outside the decoder's " +
                              std::to_string(decoderLayers) + " layers (0 to " + std::to_string(decoderLayers - 1) + ")");
        if (i > 0 && out[i] == out[i - 1])
            throw ConfigError("run config: 'userLlm.layers' lists layer " + std::to_string(out[i]) + " twice");
    }
    return out;
}

} // namespace persona::methods
