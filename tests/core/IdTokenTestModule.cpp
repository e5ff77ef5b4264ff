#define BOOST_TEST_MODULE AuthToken
#include <boost/test/unit_test.hpp>
