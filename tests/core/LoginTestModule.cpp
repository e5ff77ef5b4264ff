#define BOOST_TEST_MODULE Login
#include <boost/test/unit_test.hpp>
