#define BOOST_TEST_MODULE Feedback
#include <boost/test/unit_test.hpp>
