// The sanitizer build's GCC 12 warns falsely ("may be used uninitialized") inside libstdc++'s
// <regex>; ignored before any header is read, as the warning points into them.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "Open311Sim.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <regex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>

#include <nlohmann/json.hpp>

namespace citysim {
namespace {
using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kBase = "/open311/v2";
constexpr std::size_t kMaxDescription = 4000;  // characters (code points), OPEN311.md
constexpr std::size_t kMaxBody = 1u << 20;     // a report with every field at its limit is far smaller
constexpr std::uint64_t kDefaultSeed = 1022;
constexpr const char* kNotice = "Đã tiếp nhận phản ánh (dữ liệu mô phỏng). Kết quả xử lý sẽ được thông báo qua 1022.";

// The progression's words (setProgression): synthetic, like everything the simulator says.
constexpr const char* kProgressAgency = "UBND phường (mô phỏng)";
constexpr const char* kProgressAssigned = "Đã chuyển UBND phường xử lý (dữ liệu mô phỏng).";
constexpr const char* kProgressClosed = "UBND phường báo đã xử lý xong (dữ liệu mô phỏng).";
constexpr auto kProgressExpectedIn = std::chrono::hours(72);  // after the ward takes the report

// --- the catalogue: modelled on the 1022 categories, every word of it synthetic ---

struct AttributeDef {
    const char* code;
    const char* datatype;
    bool variable;
    bool required;
    int order;
    const char* description;
    const char* datatypeDescription;  // nullptr = null
    std::vector<std::pair<const char*, const char*>> values;  // key, name; lists only
};

struct ServiceDef {
    const char* code;
    const char* name;
    const char* description;
    const char* group;
    const char* keywords;
    const char* agency;
    bool metadata;
    std::vector<AttributeDef> attributes;  // `order` deliberately not the array order
};

const std::vector<ServiceDef>& catalogue() {
    static const std::vector<ServiceDef> services = {
        {"001", "Hư hỏng mặt đường, vỉa hè", "Ổ gà, sụt lún, nứt vỡ mặt đường; vỉa hè, nắp hố ga hư hỏng.",
         "Giao thông – Hạ tầng", "ổ gà, mặt đường, vỉa hè, sụt lún, hố ga", "Phòng Quản lý đô thị", true,
         {
             {"SIZE", "singlevaluelist", true, true, 3, "Mức độ hư hỏng", nullptr,
              {{"S", "Nhỏ (dưới 0,5 m)"}, {"M", "Vừa (0,5 – 2 m)"}, {"L", "Lớn (trên 2 m)"}}},
             {"LANDMARK", "string", true, true, 2, "Mốc gần nhất (số nhà, cột điện, biển báo)", nullptr, {}},
             {"HAZARD", "multivaluelist", true, false, 5, "Gây nguy hiểm cho", nullptr,
              {{"XE_MAY", "Xe máy"}, {"O_TO", "Ô tô"}, {"DI_BO", "Người đi bộ"}, {"XE_LAN", "Người đi xe lăn"}}},
             {"SAFETY", "string", false, false, 1,
              "Vì an toàn, xin đừng đứng dưới lòng đường khi chụp ảnh hay đo đạc.", nullptr, {}},
             {"DETAIL", "text", true, false, 7, "Mô tả thêm", nullptr, {}},
             {"WIDTH", "number", true, false, 4, "Chiều rộng ước tính (mét)", "Một số, dấu chấm thập phân: 1.5", {}},
             {"SEEN_AT", "datetime", true, false, 6, "Thời điểm phát hiện", "ISO 8601: 2026-11-28T08:00:00+07:00",
              {}},
         }},
        {"002", "Chiếu sáng công cộng", "Đèn đường không sáng, chớp tắt, sáng ban ngày; cột đèn nghiêng, hở điện.",
         "Giao thông – Hạ tầng", "đèn đường, chiếu sáng, cột đèn, hở điện", "Phòng Quản lý đô thị", true,
         {
             {"POLE", "string", true, false, 2, "Số hiệu cột đèn (nếu thấy)", nullptr, {}},
             {"KIND", "singlevaluelist", true, true, 1, "Tình trạng", nullptr,
              {{"TAT", "Đèn không sáng"},
               {"CHOP", "Đèn chớp tắt"},
               {"BAN_NGAY", "Đèn sáng cả ban ngày"},
               {"GAY", "Cột đèn nghiêng, gãy"},
               {"HO_DIEN", "Hở điện, dây điện rơi"}}},
         }},
        {"003", "Rác thải, vệ sinh môi trường", "Rác tồn đọng, đổ trộm xà bần, điểm tập kết rác gây ô nhiễm.",
         "Môi trường", "rác, xà bần, đổ trộm, vệ sinh, mùi hôi", "Tổ vệ sinh môi trường phường", true,
         {
             {"REPEAT", "singlevaluelist", true, false, 2, "Đã xảy ra trước đây chưa?", nullptr,
              {{"LAN_DAU", "Lần đầu"}, {"NHIEU_LAN", "Nhiều lần"}}},
             {"WASTE", "multivaluelist", true, true, 1, "Loại rác", nullptr,
              {{"SINH_HOAT", "Rác sinh hoạt"},
               {"XA_BAN", "Xà bần, phế thải xây dựng"},
               {"CONG_KENH", "Đồ cồng kềnh"},
               {"NGUY_HAI", "Rác có thể nguy hại"}}},
         }},
        {"004", "Ngập nước", "Đường ngập sau mưa hoặc triều cường, cống thoát nước nghẹt.", "Môi trường",
         "ngập, triều cường, cống nghẹt, thoát nước", "Phòng Quản lý đô thị", true,
         {
             {"CAUSE", "singlevaluelist", true, false, 2, "Nguyên nhân có thể", nullptr,
              {{"MUA", "Mưa"}, {"TRIEU", "Triều cường"}, {"CONG", "Cống nghẹt"}, {"VO_ONG", "Vỡ ống nước"}}},
             {"DEPTH", "number", true, true, 1, "Độ sâu ước tính (cm)", "Một số, ví dụ 20", {}},
         }},
        {"005", "Lấn chiếm lòng lề đường", "Buôn bán, để xe, vật dụng chiếm vỉa hè hoặc lòng đường.",
         "Trật tự đô thị", "lấn chiếm, vỉa hè, buôn bán, đậu xe", "Đội Trật tự đô thị phường", false, {}},
        {"006", "Tiếng ồn", "Tiếng ồn kéo dài từ karaoke, loa, công trình, cơ sở sản xuất.", "Trật tự đô thị",
         "ồn, karaoke, loa, công trình ban đêm", "Công an phường", true,
         {
             {"HOURS", "string", true, false, 2, "Khung giờ thường xảy ra", nullptr, {}},
             {"SOURCE", "singlevaluelist", true, true, 1, "Nguồn gây ồn", nullptr,
              {{"KARAOKE", "Hát karaoke"},
               {"LOA", "Loa quảng cáo"},
               {"CONG_TRINH", "Công trình xây dựng"},
               {"CO_SO", "Cơ sở sản xuất, kinh doanh"},
               {"KHAC", "Khác"}}},
         }},
        {"007", "Cây xanh", "Cây ngã đổ, nhánh gãy, cây cần cắt tỉa hoặc che khuất đèn, biển báo.", "Môi trường",
         "cây ngã, nhánh gãy, cắt tỉa", "Công ty công viên cây xanh", false, {}},
        {"008", "An ninh trật tự", "Trộm cắp, tụ tập gây rối. Trường hợp khẩn cấp, xin gọi 113.", "An ninh",
         "trộm cắp, gây rối, tụ tập", "Công an phường", false, {}},
        {"009", "Trật tự xây dựng", "Xây dựng không phép, sai phép, vật liệu xây dựng chiếm đường.",
         "Trật tự đô thị", "xây dựng không phép, sai phép, vật liệu", "Đội Thanh tra xây dựng", false, {}},
        {"010", "Khác", "Phản ánh, kiến nghị không thuộc các nhóm trên.", "Khác", "khác, kiến nghị",
         "UBND phường", false, {}},
    };
    return services;
}

const ServiceDef* findService(const std::string& code) {
    for (const auto& service : catalogue())
        if (code == service.code) return &service;
    return nullptr;
}

json attributeJson(const AttributeDef& a) {
    json out = {{"variable", a.variable},
                {"code", a.code},
                {"datatype", a.datatype},
                {"required", a.required},
                {"datatype_description", a.datatypeDescription ? json(a.datatypeDescription) : json(nullptr)},
                {"order", a.order},
                {"description", a.description}};
    const std::string_view type = a.datatype;
    if (type == "singlevaluelist" || type == "multivaluelist") {
        out["values"] = json::array();
        for (const auto& [key, name] : a.values) out["values"].push_back({{"key", key}, {"name", name}});
    }
    return out;
}

// What was received may be any bytes: never let nlohmann throw on invalid UTF-8.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json errorsJson(int code, const std::vector<std::string>& descriptions) {
    json out = json::array();
    for (const auto& description : descriptions) out.push_back({{"code", code}, {"description", description}});
    return out;
}

// --- forms ---

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;  // a stray '%' is kept as it is, as most servers do
        }
    }
    return out;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded, in order, repeated names kept (attribute[CODE][] repeats).
Fields parseForm(std::string_view body) {
    Fields fields;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto piece = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (piece.empty()) continue;
        const auto eq = piece.find('=');
        fields.emplace_back(percentDecode(piece.substr(0, eq)),
                            eq == std::string_view::npos ? std::string() : percentDecode(piece.substr(eq + 1)));
    }
    return fields;
}

std::optional<std::string> firstOf(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields)
        if (key == name) return value;
    return std::nullopt;
}

bool isForm(const httplib::Request& req) {
    std::string type = req.get_header_value("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type.starts_with("application/x-www-form-urlencoded");
}

// The Idempotency-Key compares bodies by their fields, not their bytes, so that a retry encoding
// the same report differently (%20 or +, another order) is still the same report. api_key is left
// out: a key rotated between two attempts does not make them different reports.
std::string fingerprint(Fields fields) {
    std::erase_if(fields, [](const auto& field) { return field.first == "api_key"; });
    std::sort(fields.begin(), fields.end());
    std::string out;
    for (const auto& [name, value] : fields) out += name + '\x1f' + value + '\x1e';
    return out;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::size_t codePoints(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<double> parseNumber(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

bool isIsoDatetime(const std::string& text) {
    static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)");
    return std::regex_match(text, pattern);
}

// --- dropping a connection without a byte of answer ---

int portOf(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return -1;
}

std::string hostOf(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
    else if (address.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text, sizeof text);
    return text;
}

// cpp-httplib gives a handler no access to its socket, so the connection a request came on is
// found among the process's descriptors: the one socket whose local end is the request's local
// port and whose peer is the request's remote address and port.
int connectionDescriptor(const httplib::Request& req) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        const std::string name = entry.path().filename().string();
        int fd = -1;
        if (std::from_chars(name.data(), name.data() + name.size(), fd).ec != std::errc()) continue;
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t localLength = sizeof local;
        socklen_t peerLength = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &localLength) != 0) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peerLength) != 0) continue;
        if (req.local_port > 0 && portOf(local) != req.local_port) continue;
        if (portOf(peer) == req.remote_port && hostOf(peer) == req.remote_addr) return fd;
    }
    return -1;
}

// The connection is closed under httplib's feet: its descriptor is atomically made /dev/null
// (dup2 closes the socket, so the client gets a FIN and no answer at all), and whatever httplib
// then writes goes nowhere. The descriptor number stays httplib's until it closes it, so no other
// connection can be handed that number meanwhile. Should the socket not be found, the answer's
// headers go out, then the connection closes before any of the announced body: still a transport
// error for the client, if a less clean one.
void dropConnection(const httplib::Request& req, httplib::Response& res) {
    if (const int fd = connectionDescriptor(req); fd >= 0) {
        const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (devNull >= 0) {
            const bool swapped = ::dup2(devNull, fd) >= 0;
            ::close(devNull);
            if (swapped) {
                res.status = 201;
                res.set_content("[]", kJson);
                return;
            }
        }
    }
    res.status = 201;
    res.set_content_provider(64, kJson, [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
}

}  // namespace

// --- Reply ---

struct Open311Sim::Reply {
    int status = 200;
    std::string body;
    std::string contentType = kJson;
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply ok(const json& value, int status = 200) { return {status, dump(value), kJson, {}}; }
    static Reply errors(int status, const std::vector<std::string>& descriptions) {
        return {status, dump(errorsJson(status, descriptions)), kJson, {}};
    }
    static Reply wrongJurisdiction(const std::string& given) {
        return errors(404, {"jurisdiction_id: không phục vụ \"" + given + "\""});
    }
    void send(httplib::Response& res) const {
        res.status = status;
        for (const auto& [name, value] : headers) res.set_header(name, value);
        res.set_content(body, contentType);
    }
};

std::string Open311Sim::StoredRequest::field(const std::string& name) const {
    return firstOf(fields, name).value_or("");
}

// --- life and settings ---

Open311Sim::Open311Sim()
    : clock_([] { return std::chrono::steady_clock::now(); }),
      wallClock_([] { return std::chrono::system_clock::now(); }),
      dropRng_(kDefaultSeed),
      tokenRng_(std::random_device{}()) {}

Open311Sim::~Open311Sim() = default;

void Open311Sim::setAnswerStyle(AnswerStyle style) {
    std::lock_guard lock(mutex_);
    style_ = style;
}

Open311Sim::AnswerStyle Open311Sim::answerStyle() const {
    std::lock_guard lock(mutex_);
    return style_;
}

void Open311Sim::setTokenReadiness(std::chrono::milliseconds delay, int pollsWithoutId) {
    if (delay.count() < 0 || pollsWithoutId < 0) throw std::invalid_argument("open311: negative token readiness");
    std::lock_guard lock(mutex_);
    tokenDelay_ = delay;
    tokenPolls_ = pollsWithoutId;
}

void Open311Sim::setApiKey(std::string key) {
    std::lock_guard lock(mutex_);
    apiKey_ = std::move(key);
}

void Open311Sim::setEchoContact(bool echo) {
    std::lock_guard lock(mutex_);
    echoContact_ = echo;
}

void Open311Sim::setJurisdiction(std::string jurisdictionId) {
    std::lock_guard lock(mutex_);
    jurisdiction_ = std::move(jurisdictionId);
}

std::string Open311Sim::jurisdiction() const {
    std::lock_guard lock(mutex_);
    return jurisdiction_;
}

void Open311Sim::setFault(Fault fault, FaultCalls calls, int count) {
    std::lock_guard lock(mutex_);
    fault_ = fault;
    faultCalls_ = calls;
    faultCount_ = count;
    faultApplied_ = 0;
}

void Open311Sim::setLatency(std::chrono::milliseconds latency) {
    std::lock_guard lock(mutex_);
    latency_ = std::max(latency, std::chrono::milliseconds(0));
    ++latencyGeneration_;
}

void Open311Sim::setStoreThenDrop(double probability) {
    if (!(probability >= 0.0 && probability <= 1.0))
        throw std::invalid_argument("open311: store-then-drop probability must be within 0..1");
    std::lock_guard lock(mutex_);
    dropProbability_ = probability;
}

double Open311Sim::storeThenDrop() const {
    std::lock_guard lock(mutex_);
    return dropProbability_;
}

void Open311Sim::setSeed(std::uint64_t seed) {
    std::lock_guard lock(mutex_);
    dropRng_.seed(seed);
}

void Open311Sim::clearFaults() {
    std::lock_guard lock(mutex_);
    fault_ = Fault::None;
    faultCount_ = -1;
    faultApplied_ = 0;
    latency_ = std::chrono::milliseconds(0);
    ++latencyGeneration_;
    dropProbability_ = 0.0;
    refusals_ = 0;
    refusal_.clear();
}

void Open311Sim::refuseNext(std::vector<std::string> problems, int count) {
    if (problems.empty() || count < 0) throw std::invalid_argument("refuseNext: problems and a count >= 0");
    std::lock_guard lock(mutex_);
    refusal_ = std::move(problems);
    refusals_ = count;
}

int Open311Sim::faultsApplied() const {
    std::lock_guard lock(mutex_);
    return faultApplied_;
}

int Open311Sim::drops() const {
    std::lock_guard lock(mutex_);
    return drops_;
}

std::size_t Open311Sim::requestCount() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::vector<Open311Sim::StoredRequest> Open311Sim::requests() const {
    std::lock_guard lock(mutex_);
    progressLocked();
    std::vector<StoredRequest> out;
    out.reserve(entries_.size());
    for (const auto& entry : entries_) out.push_back(entry.request);
    return out;
}

std::optional<Open311Sim::StoredRequest> Open311Sim::request(const std::string& serviceRequestId) const {
    std::lock_guard lock(mutex_);
    progressLocked();
    const auto* entry = findLocked(serviceRequestId);
    return entry ? std::optional<StoredRequest>(entry->request) : std::nullopt;
}

std::size_t Open311Sim::countByIdempotencyKey(const std::string& key) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [&](const Entry& entry) {
        return !key.empty() && entry.request.idempotencyKey == key;
    }));
}

int Open311Sim::posts() const {
    std::lock_guard lock(mutex_);
    return posts_;
}

void Open311Sim::reset() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    byKey_.clear();
    byToken_.clear();
    posts_ = 0;
    drops_ = 0;
    fault_ = Fault::None;
    faultCount_ = -1;
    faultApplied_ = 0;
    latency_ = std::chrono::milliseconds(0);
    ++latencyGeneration_;
    dropProbability_ = 0.0;
}

bool Open311Sim::setStatus(const std::string& serviceRequestId, const std::string& status, const std::string& notes) {
    if (status != "open" && status != "closed") throw std::invalid_argument("open311: status must be open or closed");
    std::lock_guard lock(mutex_);
    auto* entry = findLocked(serviceRequestId);
    if (!entry) return false;
    entry->request.status = status;
    entry->request.statusNotes = notes;
    entry->request.updatedDatetime = nowIso();
    return true;
}

bool Open311Sim::setAgencyResponsible(const std::string& serviceRequestId, const std::string& agency) {
    std::lock_guard lock(mutex_);
    auto* entry = findLocked(serviceRequestId);
    if (!entry) return false;
    entry->request.agencyResponsible = agency;
    entry->request.updatedDatetime = nowIso();
    return true;
}

bool Open311Sim::setExpectedDatetime(const std::string& serviceRequestId, const std::string& isoDatetime) {
    std::lock_guard lock(mutex_);
    auto* entry = findLocked(serviceRequestId);
    if (!entry) return false;
    entry->request.expectedDatetime = isoDatetime;
    entry->request.updatedDatetime = nowIso();
    return true;
}

void Open311Sim::setProgression(std::chrono::seconds assignAfter, std::chrono::seconds closeAfter) {
    if (assignAfter.count() < 0 || closeAfter.count() < 0)
        throw std::invalid_argument("open311: progression times cannot be negative");
    if (assignAfter.count() > 0 && closeAfter.count() > 0 && closeAfter < assignAfter)
        throw std::invalid_argument("open311: a report cannot be closed before it is assigned");
    std::lock_guard lock(mutex_);
    assignAfter_ = assignAfter;
    closeAfter_ = closeAfter;
}

std::vector<std::string> Open311Sim::serviceCodes() const {
    std::vector<std::string> codes;
    for (const auto& service : catalogue()) codes.emplace_back(service.code);
    return codes;
}

void Open311Sim::setClock(SteadyClock clock) {
    std::lock_guard lock(mutex_);
    clock_ = std::move(clock);
}

void Open311Sim::setWallClock(WallClock clock) {
    std::lock_guard lock(mutex_);
    wallClock_ = std::move(clock);
}

// --- helpers, mutex_ held ---

bool Open311Sim::jurisdictionMatches(const std::string& given) const {
    return jurisdiction_.empty() || given.empty() || given == jurisdiction_;
}

Open311Sim::Entry* Open311Sim::findLocked(const std::string& serviceRequestId) {
    for (auto& entry : entries_)
        if (entry.request.serviceRequestId == serviceRequestId) return &entry;
    return nullptr;
}

const Open311Sim::Entry* Open311Sim::findLocked(const std::string& serviceRequestId) const {
    for (const auto& entry : entries_)
        if (entry.request.serviceRequestId == serviceRequestId) return &entry;
    return nullptr;
}

// Ho Chi Minh City time (UTC+7, no daylight saving), as the 1022 system would write it.
std::string Open311Sim::nowIso() const {
    return isoAt(wallClock_());
}

std::string Open311Sim::isoAt(std::chrono::system_clock::time_point when) const {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
    const std::time_t local = static_cast<std::time_t>(seconds + 7 * 3600);
    std::tm parts{};
    gmtime_r(&local, &parts);
    char text[32] = {};
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+07:00", &parts);
    return text;
}

void Open311Sim::progressLocked() const {
    if (assignAfter_.count() == 0 && closeAfter_.count() == 0) return;
    const auto now = clock_();
    const auto wallNow = wallClock_();
    for (auto& entry : entries_) {
        const auto age = now - entry.filedAt;
        // A step is dated when it happened (so long after filing), not when it was noticed.
        auto wallAt = [&](std::chrono::seconds after) {
            return wallNow - std::chrono::duration_cast<std::chrono::system_clock::duration>(age - after);
        };
        auto& r = entry.request;
        if (assignAfter_.count() > 0 && entry.progressed < 1 && age >= assignAfter_) {
            r.agencyResponsible = kProgressAgency;
            r.statusNotes = kProgressAssigned;
            r.expectedDatetime = isoAt(wallAt(assignAfter_) + kProgressExpectedIn);
            r.updatedDatetime = isoAt(wallAt(assignAfter_));
            entry.progressed = 1;
        }
        if (closeAfter_.count() > 0 && entry.progressed < 2 && age >= closeAfter_) {
            r.status = "closed";
            r.statusNotes = kProgressClosed;
            r.updatedDatetime = isoAt(wallAt(closeAfter_));
            entry.progressed = 2;
        }
    }
}

bool Open311Sim::drawDrop() {
    if (dropProbability_ <= 0.0) return false;
    // 53 random bits make a double in [0, 1): the same sequence for a seed on every platform,
    // unlike std::uniform_real_distribution.
    const double draw = static_cast<double>(dropRng_() >> 11) * 0x1.0p-53;
    const bool drop = draw < dropProbability_;
    if (drop) ++drops_;
    return drop;
}

// --- calls ---

std::optional<Open311Sim::Reply> Open311Sim::takeFault(bool post) {
    std::lock_guard lock(mutex_);
    if (fault_ == Fault::None) return std::nullopt;
    if ((faultCalls_ == FaultCalls::Post && !post) || (faultCalls_ == FaultCalls::Get && post)) return std::nullopt;
    if (faultCount_ >= 0 && faultApplied_ >= faultCount_) return std::nullopt;
    ++faultApplied_;
    switch (fault_) {
    case Fault::None:
        break;
    case Fault::InternalError:
        return Reply::errors(500, {"Lỗi hệ thống (mô phỏng)"});
    case Fault::Unavailable:
        return Reply::errors(503, {"Hệ thống 1022 đang bảo trì (mô phỏng)"});
    case Fault::MalformedJson:
        return Reply{200, "[{\"service_request_id\": \"HCM-00\xff\xfe <<garbage>> ]}{", kJson, {}};
    case Fault::WrongContentType:
        return Reply{200,
                     "<!DOCTYPE html>\n<html><head><title>Bảo trì</title></head><body><h1>Hệ thống đang bảo trì"
                     "</h1><p>Vui lòng thử lại sau.</p></body></html>\n",
                     "text/html; charset=utf-8",
                     {}};
    }
    return std::nullopt;
}

void Open311Sim::pause() const {
    std::chrono::milliseconds latency{0};
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        latency = latency_;
        generation = latencyGeneration_;
    }
    if (latency.count() <= 0) return;
    // A real wait (not the injectable clock): the client's timeouts are what it is for.
    const auto until = std::chrono::steady_clock::now() + latency;
    while (std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(10ms, until - std::chrono::steady_clock::now()));
        std::lock_guard lock(mutex_);
        if (latencyGeneration_ != generation) return;
    }
}

Open311Sim::Reply Open311Sim::services(const httplib::Request& req) const {
    std::lock_guard lock(mutex_);
    if (!jurisdictionMatches(req.get_param_value("jurisdiction_id")))
        return Reply::wrongJurisdiction(req.get_param_value("jurisdiction_id"));
    json out = json::array();
    for (const auto& s : catalogue()) {
        out.push_back({{"service_code", s.code},
                       {"service_name", s.name},
                       // Residents see this line under each kind: it says the catalogue is made up.
                       {"description", std::string(s.description) + " (dữ liệu mô phỏng)"},
                       {"metadata", s.metadata},
                       {"type", "realtime"},
                       {"keywords", s.keywords},
                       {"group", s.group}});
    }
    return Reply::ok(out);
}

Open311Sim::Reply Open311Sim::definition(const httplib::Request& req, const std::string& code) const {
    std::lock_guard lock(mutex_);
    if (!jurisdictionMatches(req.get_param_value("jurisdiction_id")))
        return Reply::wrongJurisdiction(req.get_param_value("jurisdiction_id"));
    const auto* service = findService(code);
    if (!service) return Reply::errors(404, {"service_code: không có dịch vụ \"" + code + "\""});
    json attributes = json::array();
    for (const auto& a : service->attributes) attributes.push_back(attributeJson(a));
    return Reply::ok({{"service_code", service->code}, {"attributes", attributes}});
}

Open311Sim::Reply Open311Sim::submit(const httplib::Request& req, const std::string& body, bool& drop) {
    drop = false;
    if (!isForm(req)) return Reply::errors(400, {"Content-Type: cần application/x-www-form-urlencoded"});
    const Fields fields = parseForm(body);
    auto value = [&](std::string_view name) { return firstOf(fields, name).value_or(""); };

    std::lock_guard lock(mutex_);
    if (!jurisdictionMatches(value("jurisdiction_id")))
        return Reply::wrongJurisdiction(value("jurisdiction_id"));
    const std::string apiKey = value("api_key");
    if (apiKey.empty() || (!apiKey_.empty() && apiKey != apiKey_))
        return Reply::errors(403, {"api_key: thiếu hoặc không hợp lệ"});

    // Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): only filed reports are
    // remembered, so a report refused with 400 can be corrected and sent again with its key.
    const std::string key = req.get_header_value("Idempotency-Key");
    const std::string print = fingerprint(fields);
    if (!key.empty()) {
        if (const auto it = byKey_.find(key); it != byKey_.end()) {
            const auto& stored = entries_[it->second];
            if (stored.fingerprint != print)
                return Reply::errors(422, {"Idempotency-Key: khoá này đã dùng cho một phản ánh khác"});
            drop = drawDrop();
            Reply replay{201, stored.request.answer, kJson, {}};
            replay.headers.emplace_back("Idempotent-Replayed", "true");
            return replay;
        }
    }

    // Every problem at once, each description starting with the field or attribute it is about.
    std::vector<std::string> problems;
    const std::string serviceCode = value("service_code");
    const ServiceDef* service = findService(serviceCode);
    if (serviceCode.empty())
        problems.push_back("service_code: bắt buộc");
    else if (!service)
        problems.push_back("service_code: không có dịch vụ \"" + serviceCode + "\"");

    const std::string description = value("description");
    if (trimmed(description).empty())
        problems.push_back("description: bắt buộc");
    else if (const auto length = codePoints(description); length > kMaxDescription)
        problems.push_back("description: dài " + std::to_string(length) + " ký tự, tối đa " +
                           std::to_string(kMaxDescription));

    std::optional<double> lat;
    std::optional<double> lon;
    const std::string latText = value("lat");
    const std::string lonText = value("long");
    if (!latText.empty() || !lonText.empty()) {
        lat = parseNumber(latText);
        lon = parseNumber(lonText);
        if (!lat || *lat < -90 || *lat > 90) problems.push_back("lat: cần một vĩ độ (-90..90)");
        if (!lon || *lon < -180 || *lon > 180) problems.push_back("long: cần một kinh độ (-180..180)");
    }
    if (trimmed(value("address_string")).empty() && value("address_id").empty() && (!lat || !lon))
        problems.push_back("address_string: cần địa chỉ hoặc toạ độ (lat, long)");

    std::map<std::string, std::vector<std::string>> attributes;
    for (const auto& [name, text] : fields) {
        static constexpr std::string_view prefix = "attribute[";
        if (!name.starts_with(prefix)) continue;
        const auto close = name.find(']', prefix.size());
        if (close == std::string::npos) continue;
        const std::string rest = name.substr(close + 1);
        if (!rest.empty() && rest != "[]") continue;
        attributes[name.substr(prefix.size(), close - prefix.size())].push_back(text);
    }
    if (service) {
        std::vector<const AttributeDef*> defs;
        for (const auto& a : service->attributes) defs.push_back(&a);
        std::stable_sort(defs.begin(), defs.end(), [](const auto* a, const auto* b) { return a->order < b->order; });
        for (const auto* a : defs) {
            if (!a->variable) continue;  // information only: nothing to check, whatever was sent
            std::vector<std::string> given;
            if (const auto it = attributes.find(a->code); it != attributes.end())
                std::copy_if(it->second.begin(), it->second.end(), std::back_inserter(given),
                             [](const std::string& v) { return !trimmed(v).empty(); });
            const std::string code = a->code;
            const std::string_view type = a->datatype;
            if (given.empty()) {
                if (a->required) problems.push_back(code + ": bắt buộc");
                continue;
            }
            if (type != "multivaluelist" && given.size() > 1) {
                problems.push_back(code + ": chỉ được một giá trị");
                continue;
            }
            auto known = [&](const std::string& v) {
                return std::any_of(a->values.begin(), a->values.end(), [&](const auto& kv) { return v == kv.first; });
            };
            if (type == "number" && !parseNumber(given.front())) {
                problems.push_back(code + ": cần một số");
            } else if (type == "datetime" && !isIsoDatetime(given.front())) {
                problems.push_back(code + ": cần ngày giờ ISO 8601");
            } else if (type == "singlevaluelist" || type == "multivaluelist") {
                const auto bad = std::find_if_not(given.begin(), given.end(), known);
                if (bad != given.end()) problems.push_back(code + ": không có lựa chọn \"" + *bad + "\"");
            }
        }
    }
    if (!problems.empty()) return Reply::errors(400, problems);
    if (refusals_ > 0) {
        --refusals_;
        return Reply::errors(400, refusal_);
    }

    Entry entry;
    auto& r = entry.request;
    const std::string number = std::to_string(++sequence_);
    r.serviceRequestId = "HCM-" + std::string(number.size() < 6 ? 6 - number.size() : 0, '0') + number;
    r.idempotencyKey = key;
    r.fields = fields;
    r.attributes = std::move(attributes);
    r.serviceCode = serviceCode;
    r.serviceName = service->name;
    r.description = description;
    r.address = value("address_string");
    r.lat = lat;
    r.lon = lon;
    r.agencyResponsible = service->agency;
    r.accountId = value("account_id");
    r.requestedDatetime = nowIso();
    r.updatedDatetime = r.requestedDatetime;
    r.serviceNotice = kNotice;
    if (style_ == AnswerStyle::Token) {
        static constexpr std::string_view hex = "0123456789abcdef";
        do {
            r.token.clear();
            for (int i = 0; i < 24; ++i) r.token += hex[tokenRng_() % 16];
        } while (byToken_.contains(r.token));
        r.answer = dump(json::array({{{"token", r.token}, {"service_notice", r.serviceNotice}}}));
    } else {
        r.answer =
            dump(json::array({{{"service_request_id", r.serviceRequestId}, {"service_notice", r.serviceNotice}}}));
    }
    entry.fingerprint = print;
    entry.filedAt = clock_();
    if (!key.empty()) byKey_[key] = entries_.size();
    if (!r.token.empty()) byToken_[r.token] = entries_.size();
    Reply reply{201, r.answer, kJson, {}};
    entries_.push_back(std::move(entry));
    drop = drawDrop();
    return reply;
}

Open311Sim::Reply Open311Sim::tracking(const httplib::Request& req, const std::vector<std::string>& ids,
                                       bool single) const {
    std::lock_guard lock(mutex_);
    progressLocked();
    if (!jurisdictionMatches(req.get_param_value("jurisdiction_id")))
        return Reply::wrongJurisdiction(req.get_param_value("jurisdiction_id"));
    auto encode = [this](const StoredRequest& r) {
        json out = {{"service_request_id", r.serviceRequestId},
                    {"status", r.status},
                    {"status_notes", r.statusNotes},
                    {"service_name", r.serviceName},
                    {"service_code", r.serviceCode},
                    {"description", r.description},
                    {"agency_responsible", r.agencyResponsible},
                    {"service_notice", r.serviceNotice},
                    {"requested_datetime", r.requestedDatetime},
                    {"updated_datetime", r.updatedDatetime},
                    {"address", r.address}};
        // What the city does not know is left out rather than sent as null or "".
        if (!r.expectedDatetime.empty()) out["expected_datetime"] = r.expectedDatetime;
        if (r.lat && r.lon) {
            out["lat"] = *r.lat;
            out["long"] = *r.lon;
        }
        if (echoContact_)
            for (const char* name : {"first_name", "last_name", "phone", "email"}) out[name] = r.field(name);
        return out;
    };
    json out = json::array();
    if (!ids.empty()) {
        std::set<std::string> seen;
        for (const auto& id : ids) {
            const auto* entry = findLocked(id);
            if (entry && seen.insert(id).second) out.push_back(encode(entry->request));
        }
        if (single && out.empty())
            return Reply::errors(404, {"service_request_id: không tìm thấy \"" + ids.front() + "\""});
        return Reply::ok(out);
    }
    // No ids: every report, narrowed by the spec's service_code and status filters.
    auto listed = [&](const std::string& param, const std::string& value) {
        const std::string wanted = req.get_param_value(param.c_str());
        if (wanted.empty()) return true;
        std::string_view rest = wanted;
        while (true) {
            const auto comma = rest.find(',');
            if (rest.substr(0, comma) == value) return true;
            if (comma == std::string_view::npos) return false;
            rest.remove_prefix(comma + 1);
        }
    };
    for (const auto& entry : entries_)
        if (listed("service_code", entry.request.serviceCode) && listed("status", entry.request.status))
            out.push_back(encode(entry.request));
    return Reply::ok(out);
}

Open311Sim::Reply Open311Sim::token(const httplib::Request& req, const std::string& tokenText) {
    std::lock_guard lock(mutex_);
    if (!jurisdictionMatches(req.get_param_value("jurisdiction_id")))
        return Reply::wrongJurisdiction(req.get_param_value("jurisdiction_id"));
    const auto it = byToken_.find(tokenText);
    if (it == byToken_.end()) return Reply::errors(404, {"token: không tìm thấy \"" + tokenText + "\""});
    auto& entry = entries_[it->second];
    const bool ready = entry.polls >= tokenPolls_ && clock_() - entry.filedAt >= tokenDelay_;
    ++entry.polls;
    if (!ready) return Reply::ok(json::array({{{"token", tokenText}}}));
    return Reply::ok(json::array({{{"service_request_id", entry.request.serviceRequestId}, {"token", tokenText}}}));
}

void Open311Sim::registerRoutes(httplib::Server& server) {
    const std::string base = kBase;
    // Every GET: latency, then the fault if it hits reads, then the answer.
    auto get = [this](auto answer) {
        return [this, answer](const httplib::Request& req, httplib::Response& res) {
            pause();
            if (auto fault = takeFault(false)) {
                fault->send(res);
                return;
            }
            answer(req).send(res);
        };
    };
    server.Get(base + "/services.json", get([this](const httplib::Request& req) { return services(req); }));
    server.Get(base + R"(/services/([^/]+)\.json)",
               get([this](const httplib::Request& req) { return definition(req, req.matches[1].str()); }));
    server.Get(base + "/requests.json", get([this](const httplib::Request& req) {
                   std::vector<std::string> ids;
                   const std::string asked = req.get_param_value("service_request_id");
                   std::string_view rest = asked;
                   while (!rest.empty()) {
                       const auto comma = rest.find(',');
                       if (const auto id = trimmed(std::string(rest.substr(0, comma))); !id.empty()) ids.push_back(id);
                       if (comma == std::string_view::npos) break;
                       rest.remove_prefix(comma + 1);
                   }
                   // Ids asked for and none valid: an empty list, not every report.
                   if (ids.empty() && req.has_param("service_request_id")) return Reply::ok(json::array());
                   return tracking(req, ids, false);
               }));
    server.Get(base + R"(/requests/([^/]+)\.json)",
               get([this](const httplib::Request& req) { return tracking(req, {req.matches[1].str()}, true); }));
    server.Get(base + R"(/tokens/([^/]+)\.json)",
               get([this](const httplib::Request& req) { return token(req, req.matches[1].str()); }));

    // The POST reads its own body: cpp-httplib refuses a form-encoded body over 8 KiB (413) before
    // any plain handler runs, and a 4000-character Vietnamese description is several times that.
    server.Post(base + "/requests.json",
                [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                    std::string body;
                    bool tooLarge = false;
                    reader([&](const char* data, std::size_t length) {
                        if (body.size() + length > kMaxBody) {
                            tooLarge = true;
                            return false;
                        }
                        body.append(data, length);
                        return true;
                    });
                    {
                        std::lock_guard lock(mutex_);
                        ++posts_;
                    }
                    if (tooLarge) {
                        Reply::errors(413, {"body: quá lớn"}).send(res);
                        return;
                    }
                    pause();
                    if (auto fault = takeFault(true)) {
                        fault->send(res);
                        return;
                    }
                    bool drop = false;
                    const Reply reply = submit(req, body, drop);
                    if (drop) {
                        dropConnection(req, res);
                        return;
                    }
                    reply.send(res);
                });

    // Anything else under the endpoint (another format such as .xml, an unknown path) answers in
    // the Open311 error shape rather than the data API's.
    auto unknown = [](const httplib::Request& req, httplib::Response& res) {
        Reply::errors(404, {"không có " + req.path + " (chỉ hỗ trợ định dạng .json)"}).send(res);
    };
    server.Get(base + "/.*", unknown);
    server.Post(base + "/.*", unknown);
}

}  // namespace citysim
