#include "config/ConfigLoader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "net/Url.h"
#include "printing/EscPosTarget.h"
#include "sync/Datasets.h"

namespace kiosk {
namespace {

// Result of applying one key: empty on success, otherwise the reason shown to the admin.
using Apply = std::function<std::string(const toml::node&, Config&)>;

struct Field {
    std::string section;
    std::string key;
    bool required;
    Apply apply;
};

std::string typeName(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number with a fraction";
        case toml::node_type::boolean: return "true/false";
        case toml::node_type::array: return "a list";
        case toml::node_type::table: return "a table";
        default: return "a date/time";
    }
}

Apply stringField(std::function<std::string(const std::string&, Config&)> set) {
    return [set](const toml::node& node, Config& config) -> std::string {
        const auto* value = node.as_string();
        if (!value) return "expected a string, found " + typeName(node);
        return set(value->get(), config);
    };
}

Apply choiceField(std::vector<std::string> choices, std::function<void(const std::string&, Config&)> set) {
    return stringField([choices, set](const std::string& value, Config& config) -> std::string {
        if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
            std::string list;
            for (const auto& c : choices) list += (list.empty() ? "" : ", ") + ("\"" + c + "\"");
            return "\"" + value + "\" is not one of " + list;
        }
        set(value, config);
        return {};
    });
}


template <typename Section>
Apply secondsIn(Section Config::*section, std::chrono::seconds Section::*member, std::int64_t low, std::int64_t high) {
    return [=](const toml::node& node, Config& config) -> std::string {
        const auto* value = node.as_integer();
        if (!value) return "expected a whole number of seconds, found " + typeName(node);
        if (value->get() < low || value->get() > high)
            return "must be between " + std::to_string(low) + " and " + std::to_string(high) + " seconds";
        (config.*section).*member = std::chrono::seconds(value->get());
        return {};
    };
}

Apply daysIn(std::chrono::days Config::Privacy::*member, std::int64_t low, std::int64_t high) {
    return [=](const toml::node& node, Config& config) -> std::string {
        const auto* value = node.as_integer();
        if (!value) return "expected a whole number of days, found " + typeName(node);
        if (value->get() < low || value->get() > high)
            return "must be between " + std::to_string(low) + " and " + std::to_string(high) + " days";
        config.privacy.*member = std::chrono::days(value->get());
        return {};
    };
}

Apply integerIn(std::int64_t low, std::int64_t high, std::function<void(std::int64_t, Config&)> set) {
    return [=](const toml::node& node, Config& config) -> std::string {
        const auto* value = node.as_integer();
        if (!value) return "expected a whole number, found " + typeName(node);
        if (value->get() < low || value->get() > high)
            return "must be between " + std::to_string(low) + " and " + std::to_string(high);
        set(value->get(), config);
        return {};
    };
}

template <typename Section>
Apply boolIn(Section Config::*section, bool Section::*member) {
    return [=](const toml::node& node, Config& config) -> std::string {
        const auto* value = node.as_boolean();
        if (!value) return "expected true or false, found " + typeName(node);
        (config.*section).*member = value->get();
        return {};
    };
}

template <typename Section>
Apply urlIn(Section Config::*section, std::string Section::*member) {
    return stringField([=](const std::string& value, Config& config) -> std::string {
        if (auto reason = checkCityUrl(value); !reason.empty()) return reason;
        (config.*section).*member = value;
        return {};
    });
}

template <typename Section>
Apply textIn(Section Config::*section, std::string Section::*member) {
    return stringField([=](const std::string& value, Config& config) -> std::string {
        (config.*section).*member = value;
        return {};
    });
}

std::vector<Field> schema(const std::set<std::string>& knownWards) {
    using C = Config;
    std::vector<Field> fields;
    fields.push_back({"kiosk", "ward_code", true,
                      stringField([knownWards](const std::string& v, Config& c) -> std::string {
                          if (v.size() != 5 || v.find_first_not_of("0123456789") != std::string::npos)
                              return "must be the 5-digit 2025 ward code (e.g. \"26734\"), found \"" + v + "\"";
                          if (!knownWards.empty() && !knownWards.contains(v))
                              return "\"" + v + "\" is not one of the 168 wards of Ho Chi Minh City (2025 codes)";
                          c.kiosk.wardCode = v;
                          return {};
                      })});
    fields.push_back({"kiosk", "language", false, choiceField({"vi", "en"}, [](const std::string& v, Config& c) {
                          c.kiosk.language = v == "en" ? Language::English : Language::Vietnamese;
                      })});
    fields.push_back({"kiosk", "text_size", false, choiceField({"normal", "large", "extra_large"}, [](const std::string& v, Config& c) {
                          c.kiosk.textSize = v == "large" ? TextSize::Large
                                             : v == "extra_large" ? TextSize::ExtraLarge
                                                                  : TextSize::Normal;
                      })});
    fields.push_back({"kiosk", "high_contrast", false, boolIn(&C::kiosk, &C::Kiosk::highContrast)});
    fields.push_back({"kiosk", "idle_timeout_s", false, secondsIn(&C::kiosk, &C::Kiosk::idleTimeout, 1, 3600)});
    // At least 20 s: WCAG 2.2.1 (Timing Adjustable) exempts a time limit only when the user is
    // warned and given at least 20 s to extend it with a simple action; the countdown is that warning.
    fields.push_back({"kiosk", "idle_countdown_s", false, secondsIn(&C::kiosk, &C::Kiosk::idleCountdown, 20, 120)});
    fields.push_back({"kiosk", "fullscreen", false, boolIn(&C::kiosk, &C::Kiosk::fullscreen)});
    fields.push_back({"kiosk", "sample_data", false, boolIn(&C::kiosk, &C::Kiosk::sampleData)});
    fields.push_back({"kiosk", "enabled_groups", false, [](const toml::node& node, Config& c) -> std::string {
                          const auto* list = node.as_array();
                          if (!list) return "expected a list of group names, found " + typeName(node);
                          std::vector<GroupId> groups;
                          for (const auto& item : *list) {
                              const auto* name = item.as_string();
                              if (!name) return "every entry must be a group name in quotes";
                              const auto id = groupFromString(name->get());
                              if (!id || *id == GroupId::MyServices)
                                  return "unknown group \"" + name->get() +
                                         "\" (feedback, education, health, tourism, transport, construction, "
                                         "agencies, public_services, map, account, vneid, news)";
                              if (std::find(groups.begin(), groups.end(), *id) != groups.end())
                                  return "group \"" + name->get() + "\" is listed twice";
                              groups.push_back(*id);
                          }
                          if (groups.empty()) return "must list at least one group";
                          c.kiosk.enabledGroups = std::move(groups);
                          return {};
                      }});

    fields.push_back({"kiosk", "id", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (v.empty() || v.size() > 64 ||
                              v.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
                                  std::string::npos)
                              return "must be 1 to 64 letters, digits, '.', '_' or '-', found \"" + v + "\"";
                          c.kiosk.id = v;
                          return {};
                      })});

    fields.push_back({"city", "base_url", true, urlIn(&C::city, &C::City::baseUrl)});
    fields.push_back({"city", "health_path", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (!v.starts_with("/")) return "must start with \"/\"";
                          c.city.healthPath = v;
                          return {};
                      })});
    fields.push_back({"city", "open311_url", false, urlIn(&C::city, &C::City::open311Url)});
    fields.push_back({"city", "dvc_url", false, urlIn(&C::city, &C::City::dvcUrl)});
    fields.push_back({"city", "oidc_issuer", false, urlIn(&C::city, &C::City::oidcIssuer)});
    fields.push_back({"city", "client_id", false, textIn(&C::city, &C::City::clientId)});
    fields.push_back({"city", "probe_interval_s", false, secondsIn(&C::city, &C::City::probeInterval, 2, 3600)});
    fields.push_back({"city", "connect_timeout_s", false, secondsIn(&C::city, &C::City::connectTimeout, 1, 60)});
    fields.push_back({"city", "ca_bundle", false, stringField([](const std::string& v, Config& c) -> std::string {
                          std::error_code ec;
                          if (!v.empty() && !std::filesystem::is_regular_file(v, ec))
                              return "no such file: " + v;
                          c.city.caBundle = v;
                          return {};
                      })});
    fields.push_back({"city", "proxy", false, textIn(&C::city, &C::City::proxy)});

    fields.push_back({"sync", "enabled", false, boolIn(&C::sync, &C::Sync::enabled)});
    fields.push_back({"sync", "interval_s", false, secondsIn(&C::sync, &C::Sync::interval, 60, 86400)});
    fields.push_back({"sync", "datasets", false, [](const toml::node& node, Config& c) -> std::string {
                          const auto* list = node.as_array();
                          if (!list) return "expected a list of dataset names, found " + typeName(node);
                          std::vector<std::string> datasets;
                          for (const auto& item : *list) {
                              const auto* name = item.as_string();
                              if (!name) return "every entry must be a dataset name in quotes";
                              if (!datasetInfo(name->get())) {
                                  std::string known;
                                  for (const auto& info : knownDatasets()) known += (known.empty() ? "" : ", ") + std::string(info.id);
                                  return "unknown dataset \"" + name->get() + "\" (" + known + ")";
                              }
                              if (std::find(datasets.begin(), datasets.end(), name->get()) != datasets.end())
                                  return "dataset \"" + name->get() + "\" is listed twice";
                              datasets.push_back(name->get());
                          }
                          c.sync.datasets = std::move(datasets);
                          return {};
                      }});
    fields.push_back({"sync", "index_path", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (!v.starts_with('/') || v.find_first_of("?# ") != std::string::npos)
                              return "must be a path starting with '/', without query or spaces";
                          c.sync.indexPath = v;
                          return {};
                      })});
    fields.push_back({"sync", "page_size", false, integerIn(50, 5000, [](std::int64_t v, Config& c) {
                          c.sync.pageSize = static_cast<int>(v);
                      })});
    fields.push_back({"sync", "max_page_kib", false, integerIn(64, 262144, [](std::int64_t v, Config& c) {
                          c.sync.maxPageBytes = static_cast<std::size_t>(v) * 1024u;
                      })});
    fields.push_back({"sync", "request_timeout_s", false, secondsIn(&C::sync, &C::Sync::requestTimeout, 2, 600)});
    fields.push_back({"sync", "retry_min_s", false, secondsIn(&C::sync, &C::Sync::retryMin, 1, 3600)});
    fields.push_back({"sync", "retry_max_s", false, secondsIn(&C::sync, &C::Sync::retryMax, 1, 86400)});

    auto claimIn = [](std::string Config::Vneid::*member) {
        return stringField([member](const std::string& v, Config& c) -> std::string {
            if (v.empty() || v.size() > 64 || v.find_first_of(" \t\"'") != std::string::npos)
                return "must be a claim name of 1 to 64 characters without spaces or quotes";
            c.vneid.*member = v;
            return {};
        });
    };
    fields.push_back({"vneid", "scope", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if ((" " + v + " ").find(" openid ") == std::string::npos)
                              return "must include \"openid\" (it is an OpenID Connect login)";
                          c.vneid.scope = v;
                          return {};
                      })});
    fields.push_back({"vneid", "claim_name", false, claimIn(&C::Vneid::claimName)});
    fields.push_back({"vneid", "claim_citizen_id", false, claimIn(&C::Vneid::claimCitizenId)});
    fields.push_back({"vneid", "claim_birth_date", false, claimIn(&C::Vneid::claimBirthDate)});
    fields.push_back({"vneid", "max_clock_skew_s", false, secondsIn(&C::vneid, &C::Vneid::maxClockSkew, 0, 600)});

    fields.push_back({"keyboard", "mode", false, choiceField({"auto", "always", "never"}, [](const std::string& v, Config& c) {
                          c.keyboard.mode = v == "always" ? KeyboardMode::Always
                                            : v == "never" ? KeyboardMode::Never
                                                           : KeyboardMode::Auto;
                      })});
    fields.push_back({"keyboard", "method", false, choiceField({"telex", "vni", "simple"}, [](const std::string& v, Config& c) {
                          c.keyboard.method = v == "vni" ? InputMethod::Vni
                                              : v == "simple" ? InputMethod::Simple
                                                              : InputMethod::Telex;
                      })});
    fields.push_back({"keyboard", "tone_style", false, choiceField({"classic", "modern"}, [](const std::string& v, Config& c) {
                          c.keyboard.toneStyle = v == "modern" ? ToneStyle::Modern : ToneStyle::Classic;
                      })});

    fields.push_back({"speech", "enabled", false, boolIn(&C::speech, &C::Speech::enabled)});
    fields.push_back({"speech", "command", false, [](const toml::node& node, Config& c) -> std::string {
                          const auto* list = node.as_array();
                          if (!list) return "expected a list: the program and its arguments, found " + typeName(node);
                          std::vector<std::string> command;
                          for (const auto& item : *list) {
                              const auto* word = item.as_string();
                              if (!word) return "every entry must be a string in quotes";
                              command.push_back(word->get());
                          }
                          if (command.empty() || command.front().empty()) return "must name a program first";
                          c.speech.command = std::move(command);
                          return {};
                      }});
    auto voiceIn = [](std::string Config::Speech::*member) {
        return stringField([member](const std::string& v, Config& c) -> std::string {
            if (v.empty() || v.size() > 64 || v.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_+") != std::string::npos)
                return "must be an espeak-ng voice name such as \"vi\" (lower-case letters, digits, '-', '_', '+')";
            c.speech.*member = v;
            return {};
        });
    };
    fields.push_back({"speech", "voice_vi", false, voiceIn(&C::Speech::voiceVi)});
    fields.push_back({"speech", "voice_en", false, voiceIn(&C::Speech::voiceEn)});
    fields.push_back({"speech", "rate", false, integerIn(80, 300, [](std::int64_t v, Config& c) {
                          c.speech.rate = static_cast<int>(v);
                      })});

    fields.push_back({"feedback", "api_key", false, textIn(&C::feedback, &C::Feedback::apiKey)});
    fields.push_back({"feedback", "jurisdiction_id", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (v.size() > 128 || v.find_first_of(" \t\r\n&=?#/") != std::string::npos)
                              return "must be an Open311 jurisdiction id (no spaces or URL characters), found \"" + v + "\"";
                          c.feedback.jurisdictionId = v;
                          return {};
                      })});
    fields.push_back({"feedback", "allow_anonymous", false, boolIn(&C::feedback, &C::Feedback::allowAnonymous)});
    fields.push_back({"feedback", "consent_version", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (v.empty() || v.size() > 32) return "must be 1 to 32 characters (e.g. \"2026-11\")";
                          c.feedback.consentVersion = v;
                          return {};
                      })});
    fields.push_back({"feedback", "services_refresh_s", false, secondsIn(&C::feedback, &C::Feedback::servicesRefresh, 60, 604800)});
    fields.push_back({"feedback", "request_timeout_s", false, secondsIn(&C::feedback, &C::Feedback::requestTimeout, 2, 600)});
    fields.push_back({"feedback", "retry_min_s", false, secondsIn(&C::feedback, &C::Feedback::retryMin, 1, 3600)});
    fields.push_back({"feedback", "retry_max_s", false, secondsIn(&C::feedback, &C::Feedback::retryMax, 1, 86400)});
    fields.push_back({"feedback", "track_interval_s", false, secondsIn(&C::feedback, &C::Feedback::trackInterval, 60, 86400)});

    fields.push_back({"printer", "backend", false, choiceField({"pdf", "cups", "escpos"}, [](const std::string& v, Config& c) {
                          c.printer.backend = v;
                      })});
    fields.push_back({"printer", "queue", false, textIn(&C::printer, &C::Printer::queue)});
    fields.push_back({"printer", "paper", false, choiceField({"80mm", "a5", "a4"}, [](const std::string& v, Config& c) {
                          c.printer.paper = v;
                      })});
    fields.push_back({"printer", "dots", false, [](const toml::node& node, Config& c) -> std::string {
                          const auto* value = node.as_integer();
                          if (!value) return "expected a whole number of dots, found " + typeName(node);
                          if (value->get() < 128 || value->get() > 2048 || value->get() % 8 != 0)
                              return "must be a multiple of 8 between 128 and 2048 (576 or 512 for 80 mm paper, 384 for 58 mm)";
                          c.printer.dots = static_cast<int>(value->get());
                          return {};
                      }});
    fields.push_back({"printer", "server", false, stringField([](const std::string& v, Config& c) -> std::string {
                          if (v.find_first_of(" \t\r\n") != std::string::npos || (!v.empty() && v.front() != '/' && v.find("://") != std::string::npos))
                              return "must be a CUPS server as host:port or a socket path such as /run/cups/cups.sock, found \"" + v + "\"";
                          c.printer.server = v;
                          return {};
                      })});
    fields.push_back({"printer", "spool_dir", false, stringField([](const std::string& v, Config& c) -> std::string {
                          c.printer.spoolDir = v;
                          return {};
                      })});
    fields.push_back({"printer", "job_timeout_s", false, secondsIn(&C::printer, &C::Printer::jobTimeout, 2, 300)});
    auto webIn = [](std::string Config::Printer::*member) {
        return stringField([member](const std::string& v, Config& c) -> std::string {
            if (!v.empty() && v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0)
                return "must be a web address starting with https://, or \"\" to print none, found \"" + v + "\"";
            c.printer.*member = v;
            return {};
        });
    };
    fields.push_back({"printer", "feedback_web", false, webIn(&C::Printer::feedbackWeb)});
    fields.push_back({"printer", "dossier_web", false, webIn(&C::Printer::dossierWeb)});
    fields.push_back({"printer", "desk", false, stringField([](const std::string& v, Config& c) -> std::string {
                          // Shown to residents in large type: a short name, on one line.
                          const bool printable = std::all_of(v.begin(), v.end(), [](char ch) {
                              return static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
                          });
                          std::size_t characters = 0;
                          for (const char ch : v) characters += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
                          if (v.find_first_not_of(' ') == std::string::npos || !printable || characters > 80)
                              return "must name the desk residents are sent to for their slip, on one line of at most 80 "
                                     "characters, such as \"Bàn tiếp nhận số 1\"";
                          c.printer.desk = v;
                          return {};
                      })});

    fields.push_back({"scanner", "camera", false, stringField([](const std::string& v, Config& c) -> std::string {
                          const bool printable = std::all_of(v.begin(), v.end(), [](char ch) {
                              return static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
                          });
                          if (!v.empty() && (!v.starts_with('/') || !printable || v.size() > 4096))
                              return "must be \"\" (no camera) or a full path such as \"/dev/video0\"";
                          c.scanner.camera = v;
                          return {};
                      })});

    // Law 91/2025 asks for no longer than the purpose needs: a resident's contact details serve
    // the city's reply (it files within minutes and replies within weeks), a description its
    // handling and disputes. The upper bounds keep a typo from keeping data for decades.
    fields.push_back({"privacy", "contact_days", false, daysIn(&C::Privacy::contactDays, 1, 365)});
    fields.push_back({"privacy", "content_days", false, daysIn(&C::Privacy::contentDays, 1, 1825)});
    fields.push_back({"privacy", "slip_days", false, daysIn(&C::Privacy::slipDays, 0, 30)});
    fields.push_back({"privacy", "damaged_days", false, daysIn(&C::Privacy::damagedDays, 0, 30)});

    fields.push_back({"log", "level", false,
                      choiceField({"trace", "debug", "info", "warn", "error", "off"},
                                  [](const std::string& v, Config& c) { c.log.level = v; })});
    fields.push_back({"log", "file", false, stringField([](const std::string& v, Config& c) -> std::string {
                          c.log.file = v;
                          return {};
                      })});
    return fields;
}

int lineOf(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

std::vector<GroupId> allGroups() {
    std::vector<GroupId> groups;
    for (int i = 0; i < kFeatureGroupCount; ++i) groups.push_back(static_cast<GroupId>(i));
    return groups;
}

}  // namespace

ConfigLoader::ConfigLoader(std::set<std::string> knownWardCodes) : knownWardCodes_(std::move(knownWardCodes)) {}

ConfigLoadResult ConfigLoader::loadFile(const std::filesystem::path& file) const {
    std::ifstream in(file, std::ios::binary);
    if (!in) return {std::nullopt, {{file.string(), 0, "", "cannot open the file"}}};
    std::ostringstream text;
    text << in.rdbuf();
    return loadString(text.str(), file.string());
}

ConfigLoadResult ConfigLoader::loadString(std::string_view text, const std::string& sourceName) const {
    ConfigLoadResult result;
    toml::table root;
    try {
        root = toml::parse(text, sourceName);
    } catch (const toml::parse_error& error) {
        result.issues.push_back({sourceName, static_cast<int>(error.source().begin.line), "",
                                 "not valid TOML: " + std::string(error.description())});
        return result;
    }

    Config config;
    config.kiosk.enabledGroups = allGroups();
    const auto fields = schema(knownWardCodes_);
    auto issue = [&](int line, std::string key, std::string reason) {
        result.issues.push_back({sourceName, line, std::move(key), std::move(reason)});
    };

    std::set<std::string> sections;
    for (const auto& field : fields) sections.insert(field.section);

    for (const auto& [sectionKey, sectionNode] : root) {
        const std::string section(sectionKey.str());
        if (!sections.contains(section)) {
            issue(lineOf(sectionNode), section, "unknown section or key (sections: city, feedback, keyboard, kiosk, log, printer, scanner, speech, sync, vneid)");
            continue;
        }
        const auto* table = sectionNode.as_table();
        if (!table) {
            issue(lineOf(sectionNode), section, "expected a [" + section + "] table, found " + typeName(sectionNode));
            continue;
        }
        for (const auto& [key, node] : *table) {
            const std::string name(key.str());
            const auto field = std::find_if(fields.begin(), fields.end(), [&](const Field& f) {
                return f.section == section && f.key == name;
            });
            if (field == fields.end()) {
                issue(lineOf(node), section + "." + name, "unknown key (every valid key is documented in the default kiosk.toml: kioskctl default-config)");
                continue;
            }
            if (auto reason = field->apply(node, config); !reason.empty()) issue(lineOf(node), section + "." + name, reason);
        }
    }

    for (const auto& field : fields) {
        if (field.required && !root.at_path(field.section + "." + field.key))
            issue(0, field.section + "." + field.key, "missing required value");
    }

    // Values that depend on each other, checked once every key is read.
    if (const auto* queue = root.at_path("printer.queue").node();
        (config.printer.backend == "cups" || config.printer.backend == "escpos") && config.printer.queue.empty()) {
        issue(queue ? lineOf(*queue) : 0, "printer.queue",
              "backend \"" + config.printer.backend + "\" needs the name of the printer queue or device");
    } else if (config.printer.backend == "escpos") {
        if (std::string reason; !EscPosTarget::parse(config.printer.queue, &reason))
            issue(queue ? lineOf(*queue) : 0, "printer.queue", "backend \"escpos\": " + reason);
        if (config.printer.paper != "80mm") {
            const auto* paper = root.at_path("printer.paper").node();
            issue(paper ? lineOf(*paper) : 0, "printer.paper",
                  "backend \"escpos\" prints on a receipt roll: paper must be \"80mm\" (the width in dots is printer.dots)");
        }
    }
    if (config.city.open311Url.empty() && !config.city.baseUrl.empty()) config.city.open311Url = config.city.baseUrl + "/open311/v2";
    if (config.city.dvcUrl.empty() && !config.city.baseUrl.empty()) config.city.dvcUrl = config.city.baseUrl + "/dvc/v1";
    if (config.city.oidcIssuer.empty() && !config.city.baseUrl.empty()) config.city.oidcIssuer = config.city.baseUrl + "/vneid";
    if (config.city.clientId.empty()) config.city.clientId = "ward-kiosk";
    if (config.kiosk.id.empty()) config.kiosk.id = "kiosk-" + config.kiosk.wardCode;
    if (config.sync.datasets.empty())
        for (const auto& info : knownDatasets()) config.sync.datasets.emplace_back(info.id);
    if (config.feedback.retryMax < config.feedback.retryMin) {
        const auto* node = root.at_path("feedback.retry_max_s").node();
        issue(node ? lineOf(*node) : 0, "feedback.retry_max_s", "must not be shorter than feedback.retry_min_s");
    }
    if (config.sync.retryMax < config.sync.retryMin) {
        const auto* node = root.at_path("sync.retry_max_s").node();
        issue(node ? lineOf(*node) : 0, "sync.retry_max_s", "must not be shorter than sync.retry_min_s");
    }

    std::stable_sort(result.issues.begin(), result.issues.end(),
                     [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
    if (result.issues.empty()) result.config = std::move(config);
    return result;
}

}  // namespace kiosk
