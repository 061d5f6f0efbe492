#include "core/methods/decoder_section.h"

#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/common/json_fields.h"

#include <nlohmann/json.hpp>

namespace persona::methods {

namespace {
constexpr EnumName<DecoderMode> kDecoderModeNames[] = {
    {DecoderMode::Frozen, "frozen"}, {DecoderMode::Lora, "lora"}, {DecoderMode::Full, "full"}};
} // namespace

const char* decoderModeName(DecoderMode mode)
{
    return enumName(kDecoderModeNames, mode, "?");
}

DecoderMode parseDecoderMode(const std::string& name)
{
    if (const auto m = enumFromName(kDecoderModeNames, name))
        return *m;
    throw ConfigError("unknown decoder mode '" + name + "' (expected " + enumChoices(kDecoderModeNames) + ")");
}

nlohmann::json DecoderSection::toJson() const
{
    return {{"mode", decoderModeName(mode)}, {"loraRank", lora.rank}, {"loraAlpha", lora.alpha}};
}

DecoderSection DecoderSection::fromJson(const nlohmann::json& section)
{
    DecoderSection d;
    JsonFields f(section, "decoder");
    std::string s = decoderModeName(d.mode);
    f.get("mode", s);
    d.mode = parseDecoderMode(s);
    f.get("loraRank", d.lora.rank);
    f.get("loraAlpha", d.lora.alpha);
    f.finish();
    return d;
}

void DecoderSection::validate() const
{
    checkRange<std::int64_t>("decoder.loraRank", lora.rank, 1, 1024);
    checkRange<double>("decoder.loraAlpha", lora.alpha, 1e-6, 1e6);
}

} // namespace persona::methods
