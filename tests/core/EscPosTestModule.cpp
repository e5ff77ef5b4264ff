#define BOOST_TEST_MODULE EscPos
#include <boost/test/unit_test.hpp>
