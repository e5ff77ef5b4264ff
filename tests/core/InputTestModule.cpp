#define BOOST_TEST_MODULE Input
#include <boost/test/unit_test.hpp>
