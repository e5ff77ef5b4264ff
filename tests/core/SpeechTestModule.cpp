#define BOOST_TEST_MODULE Speech
#include <boost/test/unit_test.hpp>
