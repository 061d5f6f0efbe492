// One GGUF metadata value (scalar, string or possibly nested array) with its on-disk type, shared by
// the reader (gguf_file.cpp) and the writer (gguf_writer.h). Leaves out parsing and encoding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace persona::io {

enum class GgufValueType : std::uint32_t {
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
};

// "uint32", "string", "array"...; "unknown" for an id outside the enum.
const char* ggufValueTypeName(GgufValueType type);
bool isValidGgufValueType(std::uint32_t id);
bool isIntegerType(GgufValueType type);
bool isSignedIntegerType(GgufValueType type);
bool isFloatType(GgufValueType type);
// Bytes of a fixed-size scalar on disk; 0 for String and Array.
std::uint32_t ggufScalarSize(GgufValueType type);

struct GgufValue {
    GgufValueType type = GgufValueType::UInt32;
    std::uint64_t bits = 0;      // integers (signed ones sign-extended to 64 bits) and Bool (0/1)
    double real = 0.0;           // Float32 and Float64
    std::string text;            // String
    GgufValueType elementType = GgufValueType::UInt8; // Array: the type of every item
    std::vector<GgufValue> items;                     // Array

    static GgufValue ofInteger(GgufValueType type, std::int64_t value); // any integer type
    static GgufValue ofUInt64(std::uint64_t value);
    static GgufValue ofFloat32(float value);
    static GgufValue ofFloat64(double value);
    static GgufValue ofBool(bool value);
    static GgufValue ofString(std::string value);
    // Every item must have `elementType` (asserted); nested arrays are allowed.
    static GgufValue ofArray(GgufValueType elementType, std::vector<GgufValue> items);
    static GgufValue ofStrings(const std::vector<std::string>& values);
    static GgufValue ofIntegers(GgufValueType elementType, const std::vector<std::int64_t>& values);
    static GgufValue ofFloats(const std::vector<float>& values);

    // The integer as signed; only meaningful for integer types (UInt64 above INT64_MAX wraps).
    std::int64_t asInt64() const { return static_cast<std::int64_t>(bits); }
    bool operator==(const GgufValue& other) const;
};

} // namespace persona::io
