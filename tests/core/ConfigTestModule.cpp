#define BOOST_TEST_MODULE Config
#include <boost/test/unit_test.hpp>
